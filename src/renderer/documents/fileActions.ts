/**
 * New, Open, Save, Save As and templates, through the host Api. Native dialogs where AppInfo.nativeDialogs,
 * else the in-page picker over fs:list. A file that fails to load shows the loader's message and leaves the
 * current document untouched. Loading is never an undoable step.
 */
import i18n, { LANGUAGES } from '../i18n/index.ts';
import { emptyDocument, type GraphDocument } from '../../engine/document.ts';
import { getApi } from '../host/index.ts';
import { appInfo } from '../common/appInfo.ts';
import { ask, pickFile } from '../common/dialogs.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';
import { toast } from '../store/uiStore.ts';
import { templateById } from './templates.ts';

const t = (key: string, opts: Record<string, unknown> = {}): string => i18n.t(key, opts) as string;
const GRAPH_FILTER = [{ name: 'Convas graph', extensions: ['json', 'convas'] }];

/** Asks before throwing away unsaved changes; true when it is fine to go on. */
export async function confirmDiscard(): Promise<boolean> {
  if (!useDocStore.getState().dirty) return true;
  return ask(
    t('dialogs.discard', { name: useDocStore.getState().name }),
    t('dialogs.discardConfirm'),
    t('dialogs.cancel'),
    true,
  );
}

export async function newDocument(): Promise<void> {
  if (!(await confirmDiscard())) return;
  const doc: GraphDocument = {
    ...emptyDocument(t('documents.untitled')),
    nodes: [{ id: 'in', kind: 'input', params: { channels: 1, height: 28, width: 28 }, position: { x: 80, y: 40 } }],
  };
  useDocStore.getState().load(doc, null);
}

export async function openTemplate(id: string): Promise<void> {
  const tpl = templateById(id);
  if (!tpl || !(await confirmDiscard())) return;
  // The example's name in the app's language, as the template menu shows it ("卷积堆叠", not "Five-layer conv stack").
  const doc = {
    ...structuredClone(tpl.document),
    name: t(`templates.${id}.name`, { defaultValue: tpl.document.name }),
  };
  useDocStore.getState().load(doc, null);
}

async function choosePath(mode: 'open' | 'save'): Promise<string | null> {
  const info = await appInfo();
  const api = getApi();
  const defaultName = `${useDocStore.getState().name.replace(/[\\/:*?"<>|]/g, '_') || 'network'}.json`;
  if (info.nativeDialogs) {
    return mode === 'open'
      ? api['dialog:open']({ title: t('documents.openTitle'), filters: GRAPH_FILTER })
      : api['dialog:save']({ title: t('documents.saveTitle'), defaultName, filters: GRAPH_FILTER });
  }
  return pickFile({
    mode,
    title: mode === 'open' ? t('documents.openTitle') : t('documents.saveTitle'),
    extensions: ['json', 'convas'],
    defaultName,
  });
}

/** Opens `path` (or asks for one). Returns whether a document was loaded. */
export async function openDocument(path?: string): Promise<boolean> {
  if (!(await confirmDiscard())) return false;
  const chosen = path ?? (await choosePath('open'));
  if (!chosen) return false;
  const r = await getApi()['file:open']({ path: chosen });
  if (!r.ok) {
    toast('error', t('documents.openFailed', { path: chosen, error: r.error }));
    return false;
  }
  useDocStore.getState().load(r.document, r.path);
  for (const w of r.warnings) toast('info', w);
  return true;
}

/** "my-first-cnn" for ".../my-first-cnn.json": the name a document takes from its first save. */
export function nameFromPath(path: string): string {
  return (path.split(/[\\/]/).pop() ?? '').replace(/\.(json|convas)$/i, '').trim();
}

/** Whether `name` is the placeholder a new document gets, in any language ("Untitled", "未命名"). */
function isUntitled(name: string): boolean {
  return name === emptyDocument().name || LANGUAGES.some((lng) => name === i18n.getFixedT(lng)('documents.untitled'));
}

async function writeTo(path: string): Promise<boolean> {
  const before = useDocStore.getState();
  // An untitled document takes its file's name on its first save, so the title, the reopened file and the
  // export's default name all say what the user typed in the save dialog. A named one (a template, or a name
  // typed in the title bar) keeps its name.
  const firstName = before.path === null && !before.named && isUntitled(before.name) ? nameFromPath(path) : '';
  const doc = firstName ? { ...currentDocument(), name: firstName } : currentDocument();
  const r = await getApi()['file:save']({ path, document: doc });
  if (!r.ok) {
    toast('error', t('documents.saveFailed', { path, error: r.error }));
    return false;
  }
  if (firstName) useDocStore.getState().rename(firstName);
  useDocStore.getState().markSaved(r.path);
  void getApi()
    ['recovery:clear']()
    .catch(() => undefined);
  toast('success', t('documents.saved', { path: r.path }));
  return true;
}

export async function saveDocument(): Promise<boolean> {
  const path = useDocStore.getState().path;
  return path ? writeTo(path) : saveDocumentAs();
}

export async function saveDocumentAs(): Promise<boolean> {
  const path = await choosePath('save');
  return path ? writeTo(path) : false;
}

/** Imports an ONNX file as a new, unsaved document (onnx:import); a refusal names what could not be read. */
export async function importOnnx(): Promise<boolean> {
  if (!(await confirmDiscard())) return false;
  const info = await appInfo();
  const path = info.nativeDialogs
    ? await getApi()['dialog:open']({
        title: t('documents.importTitle'),
        filters: [{ name: 'ONNX', extensions: ['onnx'] }],
      })
    : await pickFile({ mode: 'open', title: t('documents.importTitle'), extensions: ['onnx'] });
  if (!path) return false;
  const r = await getApi()['onnx:import']({ path });
  if (!r.ok) {
    toast('error', t('documents.importFailed', { path, error: r.error }));
    return false;
  }
  useDocStore.getState().load(r.document, null, { dirty: true });
  toast('success', t('documents.imported', { path }));
  return true;
}
