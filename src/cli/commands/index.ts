/** Every CLI command, in the order `convas --help` lists them. Add new commands here. */
import type { Command } from '../io.js';
import { convolve } from './convolve.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { predict } from './predict.js';
import { run } from './run.js';
import { serve } from './serve.js';
import { summary } from './summary.js';
import { train } from './train.js';

export const COMMANDS: Command[] = [summary, serve, convolve, train, evalCommand, predict, exportCommand, importCommand, run];
