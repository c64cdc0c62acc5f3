/**
 * Export to ONNX (onnx:export), then Check (onnx:check): run the file in onnxruntime on the chosen provider and
 * compare with the engine — provider that ran, fallback reason, max difference, test accuracy, throughput.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtBytes } from '../../engine/format.ts';
import { PROVIDERS, type OnnxCheckResult, type Provider } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { sayFallback } from '../i18n/engineText.ts';
import { appInfo } from '../common/appInfo.ts';
import { ask, pickFile } from '../common/dialogs.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';
import { toast } from '../store/uiStore.ts';
import { importOnnx } from '../documents/fileActions.ts';
import { WeightsNote } from '../weights/WeightsNote.tsx';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import './ExportPanel.css';

const safeName = (n: string) => n.replace(/[^\w.-]+/g, '_') || 'network';

/** A fresh panel for each document: the file written and its check belong to the document they came from. */
export function ExportPanel() {
  const loadCount = useDocStore((s) => s.loadCount);
  return <DocumentExport key={loadCount} />;
}

function DocumentExport() {
  const { t } = useTranslation();
  const name = useDocStore((s) => s.name);
  const errors = useDocStore((s) => selectAnalysis(s).errors.length);
  const untrained = useDocStore((s) => selectWeightsStatus(s).state === 'untrained');
  const [path, setPath] = useState('');
  // The path follows the document's name until the user types or chooses one.
  const [chosenPath, setChosenPath] = useState(false);
  const [exported, setExported] = useState<{ path: string; bytes: number } | null>(null);
  const [provider, setProvider] = useState<Provider>('auto');
  const [busy, setBusy] = useState<'export' | 'check' | 'pytorch' | null>(null);
  const [pytorch, setPytorch] = useState<{ dir: string; files: string[] } | null>(null);
  const [check, setCheck] = useState<OnnxCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  // On a narrow panel the result wraps below the fold: bring it into view when it arrives.
  const resultRef = useRef<HTMLDListElement>(null);
  useEffect(() => {
    if (check) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [check]);

  useEffect(() => {
    if (chosenPath) return;
    let live = true;
    void appInfo().then(
      (info) => live && setPath(`${info.documentsDir ? `${info.documentsDir}/` : ''}${safeName(name)}.onnx`),
    );
    return () => {
      live = false;
    };
  }, [name, chosenPath]);

  const browse = async () => {
    const info = await appInfo();
    const chosen = info.nativeDialogs
      ? await getApi()['dialog:save']({
          title: t('export.saveTitle'),
          defaultName: `${safeName(name)}.onnx`,
          filters: [{ name: 'ONNX', extensions: ['onnx'] }],
        })
      : await pickFile({
          mode: 'save',
          title: t('export.saveTitle'),
          extensions: ['onnx'],
          defaultName: `${safeName(name)}.onnx`,
        });
    if (chosen) {
      setPath(chosen);
      setChosenPath(true);
    }
  };

  const doExport = async () => {
    setBusy('export');
    setError(null);
    setCheck(null);
    try {
      const r = await getApi()['onnx:export']({ document: currentDocument(), path });
      if (r.ok) {
        setExported({ path: r.path, bytes: r.bytes });
        toast('success', t('export.done', { path: r.path }));
      } else setError(r.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  /** The project goes into a new subfolder of the folder chosen, named after the document. */
  const doPytorch = async () => {
    const info = await appInfo();
    const title = t('export.pytorchTitle');
    const parent = info.nativeDialogs
      ? await getApi()['dialog:open']({ title, directory: true })
      : await pickFile({ mode: 'folder', title, extensions: [] });
    if (!parent) return;
    const dir = `${parent.replace(/[\\/]+$/, '')}/${safeName(name)}-pytorch`;
    // A folder that holds files already is written into only when the user says so.
    const existing = await getApi()['fs:list']({ dir });
    const force = existing.ok && existing.entries.length > 0;
    if (force && !(await ask(t('export.pytorchBusy', { dir }), t('export.pytorchOverwrite'), t('dialogs.cancel'))))
      return;
    setBusy('pytorch');
    setError(null);
    try {
      const r = await getApi()['pytorch:export']({ document: currentDocument(), dir, force });
      if (r.ok) {
        setPytorch({ dir: r.dir, files: r.files });
        toast('success', t('export.pytorchDone', { dir: r.dir }));
      } else setError(r.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const doCheck = async () => {
    if (!exported) return;
    setBusy('check');
    setError(null);
    try {
      const s = useDocStore.getState();
      const a = selectAnalysis(s);
      const shape = a.inputId ? a.nodes[a.inputId].outputShape : null;
      const dataset = {
        dataset: trainingOf(s.training, a).dataset,
        channels: shape?.[0],
        height: shape?.[1],
        width: shape?.[2],
      };
      const r = await getApi()['onnx:check']({ path: exported.path, document: currentDocument(), provider, dataset });
      if (r.ok) setCheck(r);
      else setError(r.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-panel" data-testid="export-panel">
      <div className="export-col">
        <label className="train-field export-path">
          <span>{t('export.path')}</span>
          <input
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setChosenPath(true);
            }}
            data-testid="export-path"
            spellCheck={false}
          />
        </label>
        <div className="export-actions">
          <button type="button" className="btn btn-small" onClick={() => void browse()}>
            {t('export.browse')}
          </button>
          <button
            type="button"
            className="btn btn-accent"
            onClick={() => void doExport()}
            disabled={!path || busy !== null || errors > 0}
            data-testid="export-onnx"
          >
            {busy === 'export' ? t('export.exporting') : t('export.export')}
          </button>
        </div>
        {errors > 0 && <p className="panel-error">{t('export.fixFirst')}</p>}
        <button
          type="button"
          className="btn btn-small export-import"
          onClick={() => void importOnnx()}
          data-testid="import-onnx"
        >
          {t('export.import')}
        </button>
        <button
          type="button"
          className="btn btn-small export-import"
          onClick={() => void doPytorch()}
          disabled={busy !== null || errors > 0}
          title={t('export.pytorchHelp')}
          data-testid="export-pytorch"
        >
          {busy === 'pytorch' ? t('export.exporting') : t('export.pytorch')}
        </button>
        {pytorch && (
          <p className="export-done" data-testid="export-pytorch-result">
            ✓ {t('export.pytorchWritten', { dir: pytorch.dir, files: pytorch.files.join(', ') })}
          </p>
        )}
        {untrained ? (
          <p className="panel-muted" data-testid="export-untrained">
            {t('export.untrained')}
          </p>
        ) : (
          <WeightsNote where="export" />
        )}
        {exported && (
          <p className="export-done" data-testid="export-result">
            ✓ {t('export.written', { path: exported.path, size: fmtBytes(exported.bytes) })}
          </p>
        )}
      </div>
      <div className="export-col">
        <label className="train-field">
          <span>{t('export.provider')}</span>
          <select
            value={provider}
            onChange={(e) => setProvider(e.target.value as Provider)}
            data-testid="check-provider"
          >
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p === 'auto' ? t('training.auto') : p}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => void doCheck()}
          disabled={!exported || busy !== null}
          data-testid="onnx-check"
        >
          {busy === 'check' ? t('export.checking') : t('export.check')}
        </button>
        {error && (
          <p className="panel-error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
      </div>
      {check && (
        <dl className="check-result" data-testid="check-result" ref={resultRef}>
          <dt>{t('export.ranOn')}</dt>
          <dd className="mono" data-testid="check-provider-ran">
            {check.provider}
          </dd>
          <dt>{t('export.fallback')}</dt>
          <dd data-testid="check-fallback">
            {sayFallback(t, check.fallback) ?? check.fallbackReason ?? t('export.noFallback')}
          </dd>
          <dt>{t('export.maxDiff')}</dt>
          <dd data-testid="check-maxdiff" className={`mono ${check.maxDiff < 1e-4 ? 'is-good' : 'is-bad'}`}>
            {check.maxDiff.toExponential(2)}
          </dd>
          <dt>{t('export.accuracy')}</dt>
          <dd data-testid="check-accuracy">
            {t('export.accuracyValue', { accuracy: (check.accuracy * 100).toFixed(1), count: check.count })}
          </dd>
          <dt>{t('export.throughput')}</dt>
          <dd>{t('training.throughput', { sps: Math.round(check.samplesPerSecond).toLocaleString() })}</dd>
        </dl>
      )}
    </div>
  );
}
