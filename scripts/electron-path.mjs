// Finds Electron's executable without require('electron'): since Electron 42 that require downloads the binary on
// first use, which fails (slowly) without internet. Reads the path the installer recorded instead. Used by
// scripts/start.mjs and the Electron e2e tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ bin: string } | { reason: string }} the executable, or why there is none that can show a window */
export function findElectron() {
  const pkg = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not in node_modules' };
  const pathFile = join(pkg, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (!relative && !override)
    return { reason: 'its binary was never downloaded, which needs internet; `npx install-electron` fetches it' };
  const bin = override ? join(override, relative || 'electron') : join(pkg, 'dist', relative);
  if (!existsSync(bin)) return { reason: `its binary ${bin} is missing` };
  const probe = spawnSync(bin, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (probe.error || probe.status !== 0)
    return {
      reason: `its binary does not run (${probe.error?.message ?? (probe.stderr || `exit ${probe.status}`).trim()})`,
    };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY is not set)' };
  return { bin };
}
