/** Each lesson starts undone after its preset and is ticked off by doing exactly what its task asks. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useDocStore } from '../store/docStore.ts';
import { LESSONS, loadLenet } from './lessons.ts';
import { useTeachStore } from './store.ts';

const done = (i: number) => LESSONS[i].check(useTeachStore.getState(), useDocStore.getState());
const teach = () => useTeachStore.getState();

describe('lessons', () => {
  beforeEach(() => loadLenet());

  it('are the nine lessons, in order', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'convolution',
      'kernels',
      'pattern',
      'layers',
      'stride',
      'receptive',
      'pooling',
      'locally',
      'train',
    ]);
  });

  const actions: Record<string, () => void> = {
    convolution: () => teach().setConv({ mode: 'valid' }),
    kernels: () => teach().setConv({ kernelId: 'sobelX' }),
    pattern: () => teach().setStep({ y: 0, x: 0 }),
    layers: () => teach().setReceptive({ nodeId: 'c2' }),
    stride: () => teach().setStride({ stride: 2, padding: 2 }),
    receptive: () => teach().setReceptive({ nodeId: 'p2', unit: [1, 1] }),
    pooling: () => teach().setPool({ kind: 'avg' }),
    locally: () =>
      useDocStore.getState().load(
        {
          format: 'convas.graph',
          version: 2,
          name: 'lc',
          nodes: [
            { id: 'in', kind: 'input', params: { channels: 1, height: 8, width: 8 } },
            {
              id: 'l',
              kind: 'locallyConnected2d',
              params: { filters: 2, kernelSize: 3, stride: 1, padding: 'valid', useBias: true, activation: 'relu' },
            },
          ],
          edges: [{ source: 'in', target: 'l' }],
        },
        null,
      ),
    train: () => useDocStore.setState({ weights: { c1: {} } }),
  };

  LESSONS.forEach((lesson, i) => {
    it(`${i + 1}. ${lesson.id}: undone after the preset, done after the task`, () => {
      lesson.preset();
      expect(done(i)).toBe(false);
      actions[lesson.id]();
      expect(done(i)).toBe(true);
    });
  });

  it('the stride lesson is not fooled by a different input size', () => {
    LESSONS[4].preset();
    teach().setStride({ input: 14, kernel: 1, stride: 1, padding: 0 });
    expect(done(4)).toBe(false);
  });
});
