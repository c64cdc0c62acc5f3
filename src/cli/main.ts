/**
 * `convas`: the headless command line over the same engine and services as the app.
 * Exit codes: 0 success, 1 the input loaded but has problems (e.g. graph errors), 2 bad usage or unreadable input.
 */
import { COMMANDS } from './commands/index.js';
import { CliError } from './io.js';

async function usage(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: convas <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `convas <command> --help` for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${(await import('../shared/version.js')).CONVAS_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`convas: unknown command "${name}"\n\n${await usage()}\n`);
    return 2;
  }
  try {
    // Inside the try: loading a command loads its native modules, and a missing one is a one-line error too.
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.usage + '\n');
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`convas ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    // Unexpected: still one line, no stack trace, unless asked for.
    process.stderr.write(`convas ${name}: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.CONVAS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}
