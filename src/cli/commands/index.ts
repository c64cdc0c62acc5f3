/** Every CLI command, in the order `convas --help` lists them. Add new commands here. */
import type { Command } from '../io.js';
import { summary } from './summary.js';

export const COMMANDS: Command[] = [summary];
