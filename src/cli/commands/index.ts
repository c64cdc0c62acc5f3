/**
 * Every CLI command, in the order `convas --help` lists them. Add new commands here.
 * A command's module is imported only when it runs (or when `--help` lists every command): train, serve, convolve
 * and the ONNX commands pull in native modules (sharp, onnxruntime) and zod that cost far more to load than
 * `convas summary` takes to run.
 */
import type { Command } from '../io.js';

export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'summary', load: async () => (await import('./summary.js')).summary },
  { name: 'serve', load: async () => (await import('./serve.js')).serve },
  { name: 'convolve', load: async () => (await import('./convolve.js')).convolve },
  { name: 'train', load: async () => (await import('./train.js')).train },
  { name: 'eval', load: async () => (await import('./eval.js')).evalCommand },
  { name: 'predict', load: async () => (await import('./predict.js')).predict },
  { name: 'export', load: async () => (await import('./export.js')).exportCommand },
  { name: 'import', load: async () => (await import('./import.js')).importCommand },
  { name: 'run', load: async () => (await import('./run.js')).run },
  { name: 'dataset', load: async () => (await import('./dataset.js')).dataset },
];
