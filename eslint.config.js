// ESLint flat config: the recommended JS and typescript-eslint rules (syntax only, no type information), lines of
// at most 120 characters, and the engine's purity: src/engine imports no UI, Electron, onnxruntime or Node module
// and reads no DOM global, so it runs unchanged in the renderer, the main process, workers and the CLI.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Globals a browser page has and plain ECMAScript does not (window, document, fetch, …). */
const domGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.es2021));

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/', 'playwright-report/', 'bench/results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      'max-len': ['error', { code: 120, tabWidth: 2, ignoreUrls: true }],
      // Prettier breaks a call chain before `[`, e.g. getApi()\n['fs:list'](…); with semicolons that is safe.
      'no-unexpected-multiline': 'off',
      // Errors shown to users carry the cause's text in their own message, one line, no stack.
      'preserve-caught-error': 'off',
      // Playwright fixtures that use no other fixture take `{}` first.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // `_name` marks a value left unused on purpose (a rest sibling dropped, a callback's first argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Hooks called in the same order on every render, and effects that name what they read.
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    languageOptions: { globals: globals.es2021 },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'the engine is pure: no Node modules' })),
          patterns: [
            { group: ['node:*'], message: 'the engine is pure: no Node modules' },
            {
              group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', '@xyflow/*'],
              message: 'the engine is pure: the UI depends on it, never the other way',
            },
            {
              group: ['electron', 'electron/*', 'onnxruntime-node', 'onnxruntime-*'],
              message: 'the engine is pure: Electron and onnxruntime live in src/main',
            },
            {
              group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**'],
              message: 'the engine is pure: it imports only itself',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...domGlobals.map((name) => ({ name, message: 'the engine is pure: no DOM' })),
      ],
    },
  },
);
