/** `convas summary`: the table, the JSON contract and the exit codes, through the real command line. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MAX_NODES } from '../src/shared/schemas.js';

const run = promisify(execFile);
const bin = new URL('../bin/convas.mjs', import.meta.url).pathname;
const example = (name: string) => new URL(`../resources/examples/${name}.json`, import.meta.url).pathname;

async function convas(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'convas-cli-'));
const write = (name: string, content: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('convas summary', () => {
  it('prints a Keras-style table with totals', async () => {
    const r = await convas('summary', example('lenet5'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Model: "LeNet-5"/);
    expect(r.stdout).toMatch(/c1\s+conv2d\s+6×28×28\s+156\s+117,600\s+5×5/);
    expect(r.stdout).toContain('Total params: 61,706 (weights 61,470, biases 236)');
  });

  it('--json prints exactly one object with every node, the input included', async () => {
    const r = await convas('summary', '--json', example('lenet5'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(out.totalParams).toBe(61_706);
    expect(out.totalMacs).toBe(416_520);
    expect(out.nodes).toHaveLength(9);
    expect(out.nodes[0]).toEqual({
      id: 'in',
      kind: 'input',
      outputShape: [1, 28, 28],
      params: 0,
      weights: 0,
      biases: 0,
      macs: 0,
      receptiveField: [1, 1],
    });
    expect(out.nodes[1]).toEqual({
      id: 'c1',
      kind: 'conv2d',
      outputShape: [6, 28, 28],
      params: 156,
      weights: 150,
      biases: 6,
      macs: 117_600,
      receptiveField: [5, 5],
    });
    expect(out.nodes.at(-1).receptiveField).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('exits 1 with the JSON still printed when the graph has errors', async () => {
    const doc = {
      format: 'convas.graph',
      version: 1,
      nodes: [
        { id: 'in', kind: 'input', params: { channels: 1, height: 4, width: 4 } },
        { id: 'c3', kind: 'conv2d', params: { filters: 2, kernelSize: 5 } },
      ],
      edges: [{ source: 'in', target: 'c3' }],
    };
    const r = await convas('summary', '--json', write('bad-graph.json', doc));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([
      {
        nodeId: 'c3',
        message:
          'conv2d "c3": its 5×5 kernel is larger than its 4×4 input — ' +
          'use a smaller kernel, "same" padding, or remove a pooling layer before it',
      },
    ]);
    expect(out.nodes[1].outputShape).toBeNull();
  });

  it('exits 2 with one line on stderr for an invalid document, and no stack trace', async () => {
    const path = write('invalid.json', {
      format: 'convas.graph',
      version: 1,
      nodes: [{ id: 'c', kind: 'conv2d', params: { filters: -1, kernelSize: 3 } }],
    });
    const r = await convas('summary', path);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `convas summary: ${path}: nodes[0].params.filters must be a positive integer no larger than 4096\n`,
    );
  });

  it('refuses a graph past the node limit of the app requests, naming the limit', async () => {
    const nodes = [{ id: 'in', kind: 'input', params: { channels: 1, height: 4, width: 4 } }];
    for (let i = 0; i < MAX_NODES; i++)
      nodes.push({ id: `r${i}`, kind: 'activation', params: { fn: 'relu' } } as never);
    const path = write('too-big.json', { format: 'convas.graph', version: 2, name: 'big', nodes, edges: [] });
    const r = await convas('summary', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `convas summary: ${path}: ${(MAX_NODES + 1).toLocaleString('en-US')} layers; ` +
        `Convas reads graphs of at most ${MAX_NODES.toLocaleString('en-US')}\n`,
    );
  });

  it('exits 2 for a missing file and for bad usage', async () => {
    expect((await convas('summary', join(tmp, 'nope.json'))).stderr).toMatch(/nope\.json: no such file\n$/);
    expect((await convas('summary')).code).toBe(2);
    expect((await convas('frobnicate')).code).toBe(2);
  });
});
