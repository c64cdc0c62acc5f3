/** `convas serve [--port N] [--no-open] [--dir DIR]`: browser mode (see src/main/server). */
import { spawn } from 'node:child_process';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDocumentsDir, defaultStateDir } from '../../main/files/paths.ts';
import { CliError, numberOption, parse, type Command } from '../io.ts';

const usage = `Usage: convas serve [--port N] [--no-open] [--dir DIR]

Serves the Convas app to your browser at http://127.0.0.1:PORT, on this machine only. The printed address carries
a token that this launch's page and API require.
  --port N     the port (default: a free one)
  --no-open    do not open a browser
  --dir DIR    the documents folder the in-page file pickers show (default ~/Convas); files are read and written
               only inside it

Stop it with Ctrl+C.`;

/**
 * Where `npm run build` (electron-vite build) puts the renderer: out/renderer, found from where this module runs,
 * src/cli/commands/ from the sources or out/main/ (or out/main/chunks/) in the CLI bundle.
 */
function rendererDir(): string {
  const here = fileURLToPath(import.meta.url);
  const bundle = here.lastIndexOf(`${sep}out${sep}main${sep}`);
  return bundle >= 0 ? join(here.slice(0, bundle), 'out', 'renderer') : resolve(here, '../../../../out/renderer');
}
const RENDERER_DIR = rendererDir();

export function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const say = (why: string) =>
    process.stderr.write(`Could not open a browser (${why}); open the address above yourself.\n`);
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', (e) => say(`${cmd}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    child.on('exit', (code) => {
      if (code) say(`${cmd} exited with status ${code}`);
    });
    child.unref();
  } catch (e) {
    say((e as Error).message);
  }
}

export const serve: Command = {
  name: 'serve',
  summary: 'run Convas in your browser (127.0.0.1 only, token-protected)',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { port: { type: 'string' }, 'no-open': { type: 'boolean' }, dir: { type: 'string' } },
      usage,
    );
    if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${usage}`);
    const port = numberOption(values.port, 'port', { integer: true, min: 0, max: 65535 }) ?? 0;
    // Loaded here, not at the top: the server pulls in the training and ONNX services, which other commands don't need.
    const { RendererMissing, startServer } = await import('../../main/server/index.ts');
    let server;
    try {
      server = await startServer({
        port,
        rendererDir: process.env.CONVAS_RENDERER_DIR || RENDERER_DIR,
        documentsDir: values.dir ? resolve(values.dir) : defaultDocumentsDir(),
        stateDir: defaultStateDir(),
      });
    } catch (e) {
      if (e instanceof RendererMissing) throw new CliError(e.message);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${port} is already in use; pick another with --port, or leave it out for a free one`);
      if (code === 'EACCES') throw new CliError(`port ${port} needs privileges; pick one above 1024`);
      throw e;
    }
    process.stdout.write(`Convas is running at ${server.url}\n`);
    if (!values['no-open']) openBrowser(server.url);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().finally(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
