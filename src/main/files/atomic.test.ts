import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { atomicWrite, removeStaleTemps } from './atomic.ts';

const repo = join(import.meta.dirname, '../../..');
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'convas-atomic-'));
});

/**
 * A child process that starts an atomic write of `target`, writes one 1 MiB chunk, says "ready" and waits: the
 * parent then kills it mid-write, as a user's Ctrl-C or a crash would.
 */
function startWriterAndKill(target: string): Promise<number> {
  const script = `
    const { atomicWrite } = await import(${JSON.stringify(join(repo, 'src/main/files/atomic.ts'))});
    setInterval(() => {}, 1000);
    async function* chunks() {
      yield new Uint8Array(1 << 20).fill(120);
      process.stdout.write('ready\\n');
      await new Promise(() => {});
    }
    await atomicWrite(${JSON.stringify(target)}, chunks());`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(child.pid!)
        : reject(new Error(`the writer exited on its own (${signal ?? _code})`)),
    );
  });
}

describe('atomicWrite', () => {
  it('a writer killed mid-write leaves the old file whole; the next write removes its temp', async () => {
    const target = join(root, 'model.json');
    writeFileSync(target, 'old contents');
    const pid = await startWriterAndKill(target);
    expect(readFileSync(target, 'utf8')).toBe('old contents');
    const left = readdirSync(root).filter((n) => n !== 'model.json');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.model\\.json\\.${pid}-[0-9a-f]{12}\\.tmp$`));
    expect(statSync(join(root, left[0])).size).toBe(1 << 20);

    await atomicWrite(target, 'new contents');
    expect(readFileSync(target, 'utf8')).toBe('new contents');
    expect(readdirSync(root)).toEqual(['model.json']);
  }, 60_000);

  it('streams chunks', async () => {
    const target = join(root, 'big.bin');
    async function* chunks() {
      for (let i = 0; i < 4; i++) yield new Uint8Array(1000).fill(i);
    }
    await atomicWrite(target, chunks());
    const bytes = readFileSync(target);
    expect(bytes.length).toBe(4000);
    expect([bytes[0], bytes[1500], bytes[2500], bytes[3999]]).toEqual([0, 1, 2, 3]);
  });

  it('removes only stale temps of the same target', async () => {
    const target = join(root, 'a.json');
    const stale = [
      `.a.json.${process.pid}-0123456789ab.tmp`, // this process, not writing it now
      '.a.json.0123456789ab.tmp', // an earlier version's name, without a process id
      'a.json.01234567.tmp', // the ONNX export's earlier name
    ];
    const kept = [
      `.a.json.${process.ppid}-0123456789ab.tmp`, // a live process may still be writing it
      `.b.json.${process.pid}-0123456789ab.tmp`, // another target's
      '.a.json.backup.tmp', // not a temp name Convas uses
      'a.json.tmp',
    ];
    for (const n of [...stale, ...kept]) writeFileSync(join(root, n), 'x');
    await atomicWrite(target, 'fresh');
    expect(readdirSync(root).sort()).toEqual(['a.json', ...kept].sort());
    expect(await removeStaleTemps(target)).toEqual([]);
  });

  it('two writes to one target at once both finish, and one of them wins whole', async () => {
    const target = join(root, 'race.json');
    await Promise.all([atomicWrite(target, 'a'.repeat(100_000)), atomicWrite(target, 'b'.repeat(100_000))]);
    expect(readFileSync(target, 'utf8')).toMatch(/^(a{100000}|b{100000})$/);
    expect(readdirSync(root)).toEqual(['race.json']);
  });
});
