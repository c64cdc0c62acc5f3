#!/usr/bin/env node
// The `convas` command. It runs one of two builds of the same code:
// - the bundle out/main/cli.js, which `npm run build` (and so `npm start`) builds with the app: plain JavaScript,
//   so a command starts about as fast as Node itself, and its worker threads run out/main/training-worker.js;
// - the TypeScript sources through tsx, so `npx convas` works straight after `npm ci`, before any build. Worker
//   threads then register tsx themselves (src/main/training/bootstrap.mjs).
// The bundle runs only when it is at least as new as every source it is built from (src/cli, src/main, src/engine,
// src/shared; the *.test.ts files beside them don't count), so an edited or pulled source runs through tsx until the
// next build instead of running stale code. CONVAS_CLI=bundle or CONVAS_CLI=source picks one; the tests run the
// command line both ways.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'out', 'main', 'cli.js');
const SOURCES = ['cli', 'main', 'engine', 'shared'];

/** The newest modification time of a file the bundle is built from (about 5 ms for 180 files). */
function newestSource() {
  let newest = 0;
  for (const dir of SOURCES) {
    for (const e of readdirSync(join(root, 'src', dir), { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
      newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
    }
  }
  return newest;
}

function useBundle() {
  const mode = process.env.CONVAS_CLI || 'auto';
  if (mode === 'source') return false;
  if (mode === 'bundle') {
    if (existsSync(bundle)) return true;
    process.stderr.write('convas: CONVAS_CLI=bundle, but out/main/cli.js is missing; run `npm run build` first\n');
    process.exit(2);
  }
  if (mode !== 'auto') {
    process.stderr.write(`convas: CONVAS_CLI must be auto, bundle or source, not "${mode}"\n`);
    process.exit(2);
  }
  if (!existsSync(bundle)) return false;
  return statSync(bundle).mtimeMs >= newestSource();
}

let main;
if (useBundle()) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
