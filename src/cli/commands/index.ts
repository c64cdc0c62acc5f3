/** Every CLI command, in the order `convas --help` lists them. Add new commands here. */
import type { Command } from '../io.js';
import { convolve } from './convolve.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { run } from './run.js';
import { serve } from './serve.js';
import { summary } from './summary.js';

export const COMMANDS: Command[] = [summary, serve, convolve, exportCommand, importCommand, run];
