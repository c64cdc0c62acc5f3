/**
 * How fast the command line starts: bin/convas.mjs running the bundle (out/main/cli.js) against the same command
 * run from the TypeScript sources through tsx, with `node -e 0` as the floor, all in one run, interleaved round by
 * round so a busy machine slows every variant alike (medians and best of ROUNDS, after one warm-up each, so tsx
 * starts with its transpile cache filled: its best case).
 * - `convas summary resources/examples/lenet5.json`: the whole command; target at most 3× `node -e 0`.
 * - `convas train …`: until it prints `training on …`, the line the run prints when its worker has loaded the data
 *   and starts the first batch; then the process is killed. The worker threads start bundled code in one mode and
 *   register tsx themselves in the other, so their start-up is in the number.
 * Run: npm run bench:cli (it builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'convas.mjs');
const ROUNDS = Number(process.env.ROUNDS ?? 7);

if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
  throw new Error('out/main/cli.js is missing: run `npm run build` first (`npm run bench:cli` does)');
}

interface Variant {
  label: string;
  args: string[];
  mode?: 'bundle' | 'source';
  /** Stop timing when stderr contains this; otherwise at exit. */
  until?: string;
}

interface Timed {
  ms: number;
  stdout: string;
}

/** Milliseconds from spawn to exit (or to `until` on stderr, then kill); rejects on a failed run. */
function time(v: Variant): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CONVAS_CLI: v.mode ?? 'auto' };
    const t0 = performance.now();
    const child = spawn(process.execPath, v.args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let done = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (v.until && !done && stderr.includes(v.until)) {
        done = true;
        resolve({ ms: performance.now() - t0, stdout });
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code) => {
      if (done) return;
      done = true;
      const ms = performance.now() - t0;
      if (v.until || code !== 0) reject(new Error(`${v.label} exited with ${code}:\n${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

const example = (name: string) => `resources/examples/${name}.json`;
/** What is compared, bundle against tsx: the command line after `convas`, and where timing stops. */
const COMMANDS: { what: string; args: string[]; until?: string }[] = [
  { what: 'summary lenet5', args: ['summary', example('lenet5')] },
  {
    what: 'train lenet5 mnist (auto backend) to batch 1',
    args: ['train', example('lenet5'), '--dataset', 'mnist', '--epochs', '1'],
    until: 'training on ',
  },
  {
    what: 'train shapes-cnn shapes (engine) to batch 1',
    args: ['train', example('shapes-cnn'), '--dataset', 'shapes', '--backend', 'engine', '--epochs', '1'],
    until: 'training on ',
  },
];
const VARIANTS: Variant[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  ...COMMANDS.flatMap(({ what, args, until }) =>
    (['bundle', 'source'] as const).map((mode) => ({
      label: `${what}, ${mode === 'bundle' ? 'bundle' : 'tsx'}`,
      args: [BIN, ...args],
      mode,
      until,
    })),
  ),
];

const times = new Map<string, number[]>(VARIANTS.map((v) => [v.label, []]));
const outputs = new Map<string, string>();
for (let round = -1; round < ROUNDS; round++) {
  for (const v of VARIANTS) {
    const r = await time(v);
    if (round >= 0) times.get(v.label)!.push(r.ms);
    else outputs.set(v.label, r.stdout);
  }
}
// Both builds must print the same table, or the comparison means nothing.
if (outputs.get('summary lenet5, bundle') !== outputs.get('summary lenet5, tsx')) {
  throw new Error('the bundle and the sources print different summaries');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const floor = median(times.get('node -e 0')!);
const width = Math.max(...VARIANTS.map((v) => v.label.length));
console.log(`convas start-up, ${ROUNDS} interleaved rounds (median, best), node ${process.version}:`);
for (const v of VARIANTS) {
  const ms = times.get(v.label)!;
  const m = median(ms);
  const x = v.label === 'node -e 0' ? '' : `  ${(m / floor).toFixed(1)}× node -e 0`;
  const best = Math.min(...ms);
  console.log(`  ${v.label.padEnd(width)}  ${m.toFixed(0).padStart(5)} ms  ${best.toFixed(0).padStart(5)} ms${x}`);
}
for (const { what } of COMMANDS) {
  const b = median(times.get(`${what}, bundle`)!);
  const s = median(times.get(`${what}, tsx`)!);
  console.log(`  ${what}: the bundle takes ${(s - b).toFixed(0)} ms less than tsx (${(s / b).toFixed(1)}×)`);
}
const ratio = median(times.get('summary lenet5, bundle')!) / floor;
console.log(`target: summary at most 3× node -e 0: ${ratio.toFixed(2)}× ${ratio <= 3 ? 'met' : 'MISSED'}`);
