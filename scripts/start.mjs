#!/usr/bin/env node
// `npm start` (after `electron-vite build`): opens the Electron window where Electron's binary is installed and
// can show a window; otherwise runs browser mode (`convas serve`) and says why. Extra arguments go to serve,
// e.g. `npm start -- --port 8080 --dir ~/models`; CONVAS_BROWSER=1 asks for browser mode outright.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findElectron, ROOT } from './electron-path.mjs';

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
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
  const why = electron.bin
    ? 'serve options were given'
    : `Electron is not installed on this machine (${electron.reason})`;
  process.stderr.write(`${why} — opening Convas in your browser instead.\n`);
  run(process.execPath, [join(ROOT, 'bin', 'convas.mjs'), 'serve', ...args]);
}
