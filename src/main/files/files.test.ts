import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { atomicWrite } from './atomic.ts';
import { openDocumentFile, saveDocumentFile } from './documents.ts';
import { DocumentsFolder, PathRefused } from './folder.ts';
import { RecentFiles } from './recent.ts';
import { RecoveryStore } from './recovery.ts';
import { emptyDocument, loadDocument } from '../../engine/document.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'convas-files-'));
});

const lenet5 = () => {
  const r = loadDocument(readFileSync(join(import.meta.dirname, '../../../resources/examples/lenet5.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
};

describe('atomicWrite', () => {
  it('creates, replaces, keeps the mode and leaves no temp file', async () => {
    const f = join(root, 'a.json');
    await atomicWrite(f, 'one');
    chmodSync(f, 0o600);
    await atomicWrite(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(root)).toEqual(['a.json']);
  });

  it('fails cleanly when the folder is missing', async () => {
    await expect(atomicWrite(join(root, 'no', 'a.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(root)).toEqual([]);
  });

  it('leaves the old file whole when the rename fails', async () => {
    const target = join(root, 'dir-target');
    mkdirSync(target); // renaming a file over a folder fails (EISDIR)
    await expect(atomicWrite(target, 'x')).rejects.toThrow();
    expect(readdirSync(root)).toEqual(['dir-target']);
  });
});

describe('documents', () => {
  it('save then open gives the same document and the same bytes', async () => {
    const doc = lenet5();
    const f = join(root, 'l.json');
    expect(await saveDocumentFile(f, doc)).toEqual({ ok: true, path: f });
    const back = await openDocumentFile(f);
    expect(back.ok && back.document).toEqual(doc);
    const bytes = readFileSync(f);
    if (back.ok) await saveDocumentFile(f, back.document);
    expect(readFileSync(f).equals(bytes)).toBe(true);
  });

  it('writes the restored document: unknown fields never reach the disk', async () => {
    const doc = lenet5();
    const input = {
      ...doc,
      injected: '<script>',
      nodes: doc.nodes.map((n, i) => (i === 0 ? { ...n, extra: 1, params: { ...n.params, bogus: 2 } } : n)),
      edges: doc.edges.map((e) => ({ ...e, note: 'x' })),
    };
    const f = join(root, 'clean.json');
    expect(await saveDocumentFile(f, input as never)).toEqual({ ok: true, path: f });
    const text = readFileSync(f, 'utf8');
    for (const field of ['injected', 'extra', 'bogus', 'note']) expect(text).not.toContain(field);
    expect(JSON.parse(text)).toEqual(doc);
  });

  it('names the file and the problem', async () => {
    writeFileSync(join(root, 'bad.json'), '[1,');
    expect(await openDocumentFile(join(root, 'bad.json'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/bad\.json: not valid JSON/),
    });
    expect(await openDocumentFile(root)).toMatchObject({ ok: false, error: expect.stringMatching(/is a folder/) });
    const doc = { ...emptyDocument('X'), edges: [{ source: 'a', target: 'b' }] };
    expect(await saveDocumentFile(join(root, 'x.json'), doc)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^cannot save "X"/),
    });
    expect(readdirSync(root)).toEqual(['bad.json']);
  });
});

describe('DocumentsFolder', () => {
  it('resolves relative paths inside and refuses escapes', async () => {
    const docs = join(root, 'docs');
    const f = new DocumentsFolder(docs);
    expect(await f.resolve('a/b.json')).toBe(join(docs, 'a', 'b.json'));
    expect(await f.resolve(join(docs, 'x.json'))).toBe(join(docs, 'x.json'));
    await expect(f.resolve('../x.json')).rejects.toBeInstanceOf(PathRefused);
    await expect(f.resolve(join(root, 'docs-other', 'x.json'))).rejects.toBeInstanceOf(PathRefused);
    await expect(f.resolve('/etc/passwd')).rejects.toBeInstanceOf(PathRefused);
    await expect(f.resolve('a\0b')).rejects.toBeInstanceOf(PathRefused);
  });

  it('follows symbolic links before deciding', async () => {
    const docs = join(root, 'docs');
    mkdirSync(join(root, 'secret'), { recursive: true });
    mkdirSync(docs);
    symlinkSync(join(root, 'secret'), join(docs, 'door'));
    const f = new DocumentsFolder(docs);
    await expect(f.resolve('door/new/deeper.json')).rejects.toBeInstanceOf(PathRefused);
    await expect(f.list('door', undefined)).rejects.toBeInstanceOf(PathRefused);
    expect((await f.list(undefined, undefined)).entries).toEqual([]);
  });

  it('accepts a documents folder that is itself reached through a link', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    const f = new DocumentsFolder(join(root, 'alias'));
    expect(await f.resolve('x.json')).toBe(join(root, 'alias', 'x.json'));
  });

  it('Electron also allows what the user chose this session and the recent list, and nothing else', async () => {
    const docs = join(root, 'docs');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(elsewhere, 'data', 'cats'), { recursive: true });
    mkdirSync(join(root, 'secret'));
    symlinkSync(join(root, 'secret'), join(elsewhere, 'data', 'door'));
    const recent = [join(elsewhere, 'old.json')];
    const f = new DocumentsFolder(docs, { recent: async () => recent });
    const refused = (p: string) => expect(f.resolve(p)).rejects.toThrow(/not a file you chose with Open… or Save As…/);

    expect(await f.resolve('in-docs.json')).toBe(join(docs, 'in-docs.json'));
    expect(await f.resolve(recent[0])).toBe(recent[0]);
    await refused('/etc/hosts');
    await refused(join(elsewhere, 'picked.json'));

    f.choose(join(elsewhere, 'picked.json')); // Save As…: a file that does not exist yet
    expect(await f.resolve(join(elsewhere, 'picked.json'))).toBe(join(elsewhere, 'picked.json'));
    await refused(join(elsewhere, 'sibling.json'));
    await refused(join(elsewhere, 'picked.json', '..', 'sibling.json'));

    f.choose(join(elsewhere, 'data')); // a dataset folder: what lies under it, unless a link leads out
    expect(await f.resolve(join(elsewhere, 'data', 'cats', 'a.png'))).toBe(join(elsewhere, 'data', 'cats', 'a.png'));
    await refused(join(elsewhere, 'data', 'door', 'key.txt'));
    await refused(join(elsewhere, 'data', '..', 'other'));

    f.choose(join(elsewhere, 'project')); // a folder to be created: its files are allowed too
    expect(await f.resolve(join(elsewhere, 'project', 'model.py'))).toBe(join(elsewhere, 'project', 'model.py'));

    recent.length = 0; // the list is read afresh: a file that left it is no longer allowed
    await refused(join(elsewhere, 'old.json'));
    expect(existsSync(docs)).toBe(false); // resolving never creates the user's Documents folder
  });

  it('browser mode has no dialogs to choose paths', () => {
    expect(() => new DocumentsFolder(join(root, 'docs')).choose('/etc/hosts')).toThrow(/browser mode has none/);
  });

  it('lists folders first, filters extensions, hides dot files', async () => {
    const docs = join(root, 'docs');
    mkdirSync(join(docs, 'zeta'), { recursive: true });
    for (const n of ['b.json', 'a.JSON', 'c.onnx', '.hidden.json', '.x.json.1a2b.tmp'])
      writeFileSync(join(docs, n), '{}');
    const listed = await new DocumentsFolder(docs).list(undefined, ['json']);
    expect(listed.entries.map((e) => e.name)).toEqual(['zeta', 'a.JSON', 'b.json']);
    expect(listed.parent).toBe(null);
  });
});

describe('RecentFiles', () => {
  it('keeps ten, most recent first, without duplicates, across instances', async () => {
    const seen: string[][] = [];
    const r = new RecentFiles(join(root, 'state'), (l) => seen.push(l));
    for (let i = 0; i < 12; i++) await r.add(join(root, `f${i}.json`));
    await r.add(join(root, 'f5.json'));
    const list = await new RecentFiles(join(root, 'state')).list();
    expect(list).toHaveLength(10);
    expect(list[0]).toBe(join(root, 'f5.json'));
    expect(list[1]).toBe(join(root, 'f11.json'));
    expect(list.filter((p) => p.endsWith('f5.json'))).toHaveLength(1);
    expect(seen.at(-1)).toEqual(list);
  });

  it('survives a corrupt file', async () => {
    mkdirSync(join(root, 'state'));
    writeFileSync(join(root, 'state', 'recent.json'), '{nope');
    expect(await new RecentFiles(join(root, 'state')).list()).toEqual([]);
  });
});

describe('RecoveryStore', () => {
  it('saves, loads and clears; discards an unreadable record', async () => {
    const store = new RecoveryStore(join(root, 'state'));
    expect(await store.load()).toBe(null);
    const doc = lenet5();
    await store.save(doc, '/x/y.json');
    expect(await store.load()).toMatchObject({ document: doc, path: '/x/y.json' });
    await store.clear();
    expect(await store.load()).toBe(null);
    writeFileSync(store.file, JSON.stringify({ savedAt: 'now', document: { format: 'nope' } }));
    expect(await store.load()).toBe(null);
    expect(readdirSync(join(root, 'state'))).toEqual([]);
  });

  it('writes the restored document, as file:save does: unknown fields never reach the disk', async () => {
    const store = new RecoveryStore(join(root, 'state'));
    const doc = lenet5();
    const input = {
      ...doc,
      injected: '<script>',
      nodes: doc.nodes.map((n, i) => (i === 0 ? { ...n, extra: 1, params: { ...n.params, bogus: 2 } } : n)),
      edges: doc.edges.map((e) => ({ ...e, note: 'x' })),
    };
    expect(await store.save(input as never, null)).toBe(true);
    const text = readFileSync(store.file, 'utf8');
    for (const field of ['injected', 'extra', 'bogus', 'note']) expect(text).not.toContain(field);
    expect(JSON.parse(text).document).toEqual(doc);
    expect(await store.load()).toMatchObject({ document: doc, path: null });
  });

  it('keeps the last autosave when the engine refuses the document', async () => {
    const store = new RecoveryStore(join(root, 'state'));
    const doc = lenet5();
    await store.save(doc, '/x/y.json');
    const broken = { ...emptyDocument('X'), edges: [{ source: 'a', target: 'b' }] };
    expect(await store.save(broken, null)).toBe(false);
    expect(await store.load()).toMatchObject({ document: doc, path: '/x/y.json' });
  });
});
