/**
 * The renderer alone, with plain Vite: `npx vite build -c vite.renderer.config.ts` writes the same out/renderer
 * that electron-vite builds (electron.vite.config.ts uses these options) and that `convas serve` serves. Useful
 * where only browser mode matters. (`electron-vite dev --rendererOnly` still wants Electron; see STACK.md.)
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;

export const rendererOptions = {
  root: resolve(root, 'src/renderer'),
  // Relative asset URLs: the same files load from file:// in Electron and from http://127.0.0.1:PORT/ in a browser.
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
  },
} satisfies UserConfig;

export default defineConfig(rendererOptions);
