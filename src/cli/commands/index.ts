/** Every CLI command, in the order `convas --help` lists them. Add new commands here. */
import type { Command } from '../io.js';
import { convolve } from './convolve.js';
import { serve } from './serve.js';
import { summary } from './summary.js';

export const COMMANDS: Command[] = [summary, serve, convolve];
