/**
 * bin/convas.mjs picks the bundle or the sources: the real launcher, copied into a scratch tree whose bundle and
 * sources are stand-ins that say which one ran, with file times set to each situation.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'convas-launcher-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
mkdirSync(join(root, 'bin'));
copyFileSync(new URL('../bin/convas.mjs', import.meta.url), join(root, 'bin', 'convas.mjs'));
symlinkSync(new URL('../node_modules', import.meta.url).pathname, join(root, 'node_modules'), 'dir');
file('package.json', '{ "type": "module" }\n');
const stand = (who: string) =>
  `export async function main(argv) { process.stdout.write('${who} ' + argv.join(' ')); return 3; }\n`;
file('out/main/cli.js', stand('bundle'));
file('src/cli/main.ts', stand('source').replace('(argv)', '(argv: string[]): Promise<number>'));
for (const dir of ['main', 'engine', 'shared']) file(`src/${dir}/a.ts`, 'export {};\n');
file('src/engine/a.test.ts', 'export {};\n');

/** Sets a file's modification time, in seconds from now. */
const age = (path: string, seconds: number) => {
  const t = new Date(Date.now() + seconds * 1000);
  utimesSync(join(root, path), t, t);
};

/** Runs the launcher with CONVAS_CLI unset (whatever the test run's own setting), plus `env`. */
async function launch(env: Record<string, string> = {}) {
  const { CONVAS_CLI: _, ...inherited } = process.env;
  try {
    const r = await promisify(execFile)(process.execPath, [join(root, 'bin', 'convas.mjs'), 'summary', 'x.json'], {
      env: { ...inherited, ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('bin/convas.mjs', () => {
  it('runs the bundle when it is newer than every source, with the arguments and the exit status', async () => {
    for (const p of ['src/cli/main.ts', 'src/main/a.ts', 'src/engine/a.ts', 'src/shared/a.ts']) age(p, -60);
    age('out/main/cli.js', -10);
    expect(await launch({ CONVAS_CLI: 'auto' })).toEqual({ code: 3, stdout: 'bundle summary x.json', stderr: '' });
  });

  it('runs the sources through tsx when any source is newer than the bundle', async () => {
    age('out/main/cli.js', -10);
    age('src/shared/a.ts', -5);
    expect((await launch()).stdout).toBe('source summary x.json');
    age('src/shared/a.ts', -60);
  });

  it('does not count tests beside the sources', async () => {
    age('out/main/cli.js', -10);
    age('src/engine/a.test.ts', -1);
    expect((await launch()).stdout).toBe('bundle summary x.json');
  });

  it('CONVAS_CLI=source and CONVAS_CLI=bundle override the file times', async () => {
    age('out/main/cli.js', -10);
    expect((await launch({ CONVAS_CLI: 'source' })).stdout).toBe('source summary x.json');
    age('src/main/a.ts', -1);
    expect((await launch({ CONVAS_CLI: 'bundle' })).stdout).toBe('bundle summary x.json');
    age('src/main/a.ts', -60);
  });

  it('an unknown CONVAS_CLI is one line and exit 2', async () => {
    const r = await launch({ CONVAS_CLI: 'fast' });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'convas: CONVAS_CLI must be auto, bundle or source, not "fast"\n',
    });
  });

  it('without a bundle: the sources, or one line and exit 2 when the bundle was asked for', async () => {
    rmSync(join(root, 'out'), { recursive: true });
    expect((await launch()).stdout).toBe('source summary x.json');
    const r = await launch({ CONVAS_CLI: 'bundle' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('convas: CONVAS_CLI=bundle, but out/main/cli.js is missing; run `npm run build` first\n');
  });
});
