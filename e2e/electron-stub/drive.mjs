// Runs the built Electron main (out/main/index.js) against the stub and reports what it did, as one JSON line.
// Usage: node --import ./e2e/electron-stub/register.mjs e2e/electron-stub/drive.mjs <repo root> <temp dir>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// With --quick it stops after the window and session settings (a run with another environment).
const [root, tmp, mode] = process.argv.slice(2);
process.env.CONVAS_HOME = join(tmp, 'home');
process.env.STUB_ROOT = tmp;
const { state } = await import('electron');
await import(pathToFileURL(join(root, 'out', 'main', 'index.js')).href);
await new Promise((r) => setTimeout(r, 50));

const out = {};
const win = state.windows[0];
const wc = win.webContents;
out.sandbox = state.sandbox;
out.userData = state.paths.userData;
out.webPreferences = win.options.webPreferences;
out.preloadExists = existsSync(win.options.webPreferences.preload);
out.preloadIsCjs =
  out.preloadExists && readFileSync(win.options.webPreferences.preload, 'utf8').includes('require("electron")');
out.loaded = win.loaded;
out.channels = [...state.handlers.keys()].sort();
out.windowOpen = wc.openHandler({ url: 'https://example.com' });
let navPrevented = false;
wc.emit('will-navigate', { preventDefault: () => (navPrevented = true) }, 'https://example.com/');
out.navigationPrevented = navPrevented;
let samePrevented = false;
wc.emit('will-navigate', { preventDefault: () => (samePrevented = true) }, wc.mainFrame.url + '#x');
out.samePagePrevented = samePrevented;
const hdr = state.headers && (await new Promise((r) => state.headers({ responseHeaders: {} }, r)));
out.csp = hdr ? hdr.responseHeaders['Content-Security-Policy'][0] : null;
out.permission = state.permissions ? await new Promise((r) => state.permissions(wc, 'media', r)) : 'no handler';
if (mode === '--quick') {
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

const trusted = { sender: wc, senderFrame: wc.mainFrame };
const call = async (channel, arg, event = trusted) => {
  try {
    return { ok: true, value: await state.handlers.get(channel)(event, arg) };
  } catch (e) {
    return { ok: false, error: e.message };
  }
};
out.info = await call('app:info');
out.foreignSender = await call('app:info', undefined, { sender: {}, senderFrame: wc.mainFrame });
out.foreignFrame = await call('app:info', undefined, { sender: wc, senderFrame: { url: wc.mainFrame.url } });
out.invalid = await call('file:open', { path: 42 });
out.dialogOpen = await call('dialog:open', {});
out.dialogSave = await call('dialog:save', { defaultName: 'x.json' });

const lenet5 = JSON.parse(readFileSync(join(root, 'resources', 'examples', 'lenet5.json'), 'utf8'));
// File channels take only what the user chose in a dialog this session, recent files and the documents folder.
out.refusedSave = await call('file:save', { path: join(tmp, 'lenet5.json'), document: lenet5 });
out.refusedOpen = await call('file:open', { path: '/etc/hosts' });
out.chosenOpen = await call('file:open', { path: '/picked/file.json' }); // chosen above: allowed, but missing
state.savePick = join(tmp, 'lenet5.json');
out.dialogSavePicked = await call('dialog:save', { defaultName: 'lenet5.json' });
out.save = await call('file:save', { path: join(tmp, 'lenet5.json'), document: lenet5 });
out.open = await call('file:open', { path: join(tmp, 'lenet5.json') });
out.open = out.open.ok && out.open.value.ok ? out.open.value.document.name : out.open;
await new Promise((r) => setTimeout(r, 20));
const menu = state.menu.template;
out.menu = Object.fromEntries(
  menu.map((m) => [
    m.label.replace('&', ''),
    m.submenu.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role),
  ]),
);
const file = menu.find((m) => m.label === '&File').submenu;
out.recentMenu = file.find((i) => i.label === 'Open Recent').submenu.map((i) => i.sublabel ?? i.label);
out.registersAccelerators = menu
  .flatMap((m) => m.submenu)
  .some((i) => i.accelerator && i.registerAccelerator !== false);
file.find((i) => i.label === 'New').click();
menu
  .find((m) => m.label === '&Edit')
  .submenu.find((i) => i.label === 'Undo')
  .click();
file.find((i) => i.label === 'Open Recent').submenu[0].click();
out.sent = wc.sent.slice();
out.edits = wc.edits.slice();

// A training run through the bundled main and its bundled training worker: the compiled backend on the CPU with
// two threads, so the data-parallel helper starts from out/main/training-worker.js too.
const shapesLenet = structuredClone(lenet5);
shapesLenet.nodes.find((n) => n.id === 'out').params.units = 5;
wc.sent.length = 0;
const settings = {
  dataset: 'shapes',
  epochs: 1,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};
const trainStart = await call('train:start', {
  document: shapesLenet,
  settings,
  backend: 'onnxruntime',
  provider: 'cpu',
  threads: 2,
});
const events = () => wc.sent.filter(([c]) => c === 'train:event').map(([, e]) => e);
for (
  const until = Date.now() + 120_000;
  Date.now() < until && !events().some((e) => e.type === 'done' || e.type === 'error');
)
  await new Promise((r) => setTimeout(r, 100));
const end = events().find((e) => e.type === 'done' || e.type === 'error');
out.train = {
  start: trainStart.ok ? trainStart.value.ok : trainStart,
  started: events().find((e) => e.type === 'started'),
  end:
    end &&
    (end.type === 'done'
      ? { type: 'done', backend: end.run.backend, provider: end.run.provider, testAccuracy: end.run.testAccuracy }
      : end),
};

await call('window:state', { title: 'LeNet-5', dirty: true });
out.title = win.title;
await call('recovery:save', { document: lenet5, path: null });
state.choice = 2; // Cancel
out.closeCancelled = !win.close();
wc.sent.length = 0;
state.choice = 0; // Save…
out.closeSave = { closed: win.close(), sent: wc.sent.slice() };
out.closeMessage = state.lastMessage?.message;
out.recoveryBeforeClose = existsSync(join(tmp, 'home', 'recovery.json'));
state.choice = 1; // Don't Save
win.close();
await new Promise((r) => setTimeout(r, 50));
out.closeDiscard = win.isDestroyed();
out.recoveryAfterClose = existsSync(join(tmp, 'home', 'recovery.json'));

process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
