import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import type { GraphDocument } from './document.js';
import { deleteEdges, deleteNodes, setParams } from './edit.js';
import { describeWeights, fitWeights, weightsStatus } from './trained.js';
import { initWeights, weightsFromRecord, weightsToRecord } from './weights.js';
import { chain, node } from '../../tests/helpers.js';

/** LeNet-5's shape, with every layer holding seeded weights as if trained. */
function trainedLenet(): GraphDocument {
  const doc = chain(
    node('in', 'input', { channels: 1, height: 28, width: 28 }),
    node('c1', 'conv2d', { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
    node('p1', 'maxPool2d', { poolSize: 2 }),
    node('c2', 'conv2d', { filters: 16, kernelSize: 5, activation: 'relu' }),
    node('p2', 'maxPool2d', { poolSize: 2 }),
    node('flat', 'flatten'),
    node('f1', 'dense', { units: 120, activation: 'relu' }),
    node('out', 'dense', { units: 10, activation: 'softmax' }),
  );
  return { ...doc, weights: weightsToRecord(initWeights(analyze(doc), 7)) };
}

const status = (d: GraphDocument) => weightsStatus(analyze(d), d.weights);

describe('weights follow the graph', () => {
  it('a document with all its weights is trained; without any, untrained', () => {
    const d = trainedLenet();
    expect(status(d)).toEqual({ state: 'trained', trained: ['c1', 'c2', 'f1', 'out'], reinitialised: [] });
    expect(describeWeights(status(d))).toBe('trained');
    const { weights: _w, ...bare } = d;
    expect(describeWeights(status(bare))).toBe('untrained');
  });

  it('fewer filters in c1 re-initialise c1 and the conv it feeds, and nothing else', () => {
    const d = trainedLenet();
    const e = setParams(d, 'c1', { filters: 4 });
    expect(Object.keys(e.weights!).sort()).toEqual(['f1', 'out']);
    expect(e.weights!.f1).toBe(d.weights!.f1);
    expect(status(e)).toMatchObject({ state: 'partial', reinitialised: ['c1', 'c2'] });
    expect(describeWeights(status(e))).toBe('partly trained: c1, c2 re-initialised');
    // The kept tensors are the trained values, the others come from the seed at their new shapes.
    const { weights, reinitialised } = weightsFromRecord(analyze(e), e.weights, 1);
    expect(reinitialised).toEqual(['c1.W', 'c1.b', 'c2.W', 'c2.b']);
    expect(weights.c1.W).toHaveLength(4 * 25);
    expect(Array.from(weights.out.W)).toEqual(Array.from(weightsFromRecord(analyze(d), d.weights, 1).weights.out.W));
  });

  it('a change that keeps every tensor shape keeps the weights (activation), one that reshapes does not', () => {
    const d = trainedLenet();
    expect(setParams(d, 'c1', { activation: 'tanh' }).weights).toBe(d.weights);
    // 5×5 → 1×25 with "same" padding: the output and the size of W stay, the kernel does not.
    const reshaped = setParams(d, 'c1', { kernelSize: [1, 25] });
    expect(analyze(reshaped).nodes.c1.outputShape).toEqual([6, 28, 28]);
    expect(Object.keys(reshaped.weights!)).not.toContain('c1');
    expect(Object.keys(reshaped.weights!)).toContain('c2');
    // A pool that halves less changes what the dense layer sees: f1 goes, c1 and c2 stay.
    expect(Object.keys(setParams(d, 'p2', { poolSize: 1 }).weights!).sort()).toEqual(['c1', 'c2', 'out']);
  });

  it('disconnecting a layer keeps its weights, so reconnecting it as it was loses nothing', () => {
    const d = trainedLenet();
    const cut = deleteEdges(d, ['p2->flat']);
    const kept = fitWeights(analyze(d), analyze(cut), cut.weights);
    expect(kept).toBe(d.weights);
    expect(fitWeights(analyze(cut), analyze(d), kept)).toBe(d.weights);
    expect(weightsStatus(analyze(cut), kept).state).toBe('trained'); // only the connected layers count
  });

  it('deleted layers lose their weights; nothing left is undefined', () => {
    const d = trainedLenet();
    const e = deleteNodes(d, ['c1', 'c2', 'f1', 'out']);
    expect(fitWeights(analyze(d), analyze(e), d.weights)).toBeUndefined();
  });

  it('a hand-edited file whose tensors do not fit reads as partly trained', () => {
    const d = trainedLenet();
    const edited = {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 'f1' ? { ...n, params: { ...n.params, units: 60 } } : n)),
    };
    expect(describeWeights(status(edited))).toBe('partly trained: f1, out re-initialised');
    const many = { ...d, weights: { c1: d.weights!.c1 } };
    expect(describeWeights(status(many), 2)).toBe('partly trained: c2, f1 and 1 more re-initialised');
  });
});
