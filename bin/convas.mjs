#!/usr/bin/env node
// The `convas` command. It runs the TypeScript sources through tsx, so `npx convas` works straight after
// `npm ci`, with no build step. Worker threads started by the CLI inherit the same loader (see src/main/workers.ts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
