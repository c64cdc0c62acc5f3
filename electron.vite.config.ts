/**
 * electron-vite 6 build of the three parts (STACK.md has the verified facts behind these choices):
 * - main: ESM (package.json `type: module`) → out/main/index.js, plus the training worker as its own entry
 *   out/main/training-worker.js, which the training service starts with worker_threads, and the command line
 *   out/main/cli.js, which bin/convas.mjs runs when it is newer than the sources (no TypeScript to transpile at
 *   start-up). The CLI's workers find training-worker.js beside it, so they run bundled code too. Only
 *   `dependencies` stay external (sharp, onnxruntime-node, …), resolved from node_modules at run time.
 * - preload: forced to ONE CommonJS file, out/preload/index.cjs — a sandboxed preload cannot load ESM or chunks.
 * - renderer: root src/renderer → out/renderer with relative asset URLs, so the same files load from file:// in
 *   Electron and from `convas serve` at http://127.0.0.1:PORT/ in a browser.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererOptions } from './vite.renderer.config.ts';

const root = import.meta.dirname;
const at = (p: string) => resolve(root, p);

const mainInputs: Record<string, string> = { index: at('src/main/electron/index.ts'), cli: at('src/cli/main.ts') };
// The worker lands with the training service; until then main builds without it.
if (existsSync(at('src/main/training/worker.ts'))) mainInputs['training-worker'] = at('src/main/training/worker.ts');

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      rollupOptions: {
        input: mainInputs,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererOptions,
});
