#!/usr/bin/env node
// `npm start` (after `electron-vite build`): opens the Electron window where Electron's binary is installed and
// can show a window; otherwise runs browser mode (`convas serve`) and says why. Extra arguments go to serve,
// e.g. `npm start -- --port 8080 --dir ~/models`.
//
// It never calls require('electron'): since Electron 42 that downloads the binary on first use, which fails
// (slowly) without internet. It reads the path the installer recorded instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable, or the reason there is none. */
export function findElectron() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not in node_modules' };
  const pathFile = join(pkg, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (!relative && !override) return { reason: 'its binary was never downloaded, which needs internet; `npx install-electron` fetches it' };
  const bin = override ? join(override, relative || 'electron') : join(pkg, 'dist', relative);
  if (!existsSync(bin)) return { reason: `its binary ${bin} is missing` };
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.error || probe.status !== 0) return { reason: `its binary does not run (${probe.error?.message ?? (probe.stderr || `exit ${probe.status}`).trim()})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display (DISPLAY is not set)' };
  return { bin };
}

function run(cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  child.on('error', (e) => {
    process.stderr.write(`Could not start ${cmd}: ${e.message}\n`);
    process.exit(1);
  });
}

const args = process.argv.slice(2);
const electron = process.env.CONVAS_BROWSER ? { reason: 'CONVAS_BROWSER is set' } : findElectron();
if (electron.bin && args.length === 0) {
  run(electron.bin, ['.']);
} else {
  const why = electron.bin ? 'serve options were given' : `Electron is not installed on this machine (${electron.reason})`;
  process.stderr.write(`${why} — opening Convas in your browser instead.\n`);
  run(process.execPath, [join(root, 'bin', 'convas.mjs'), 'serve', ...args]);
}
