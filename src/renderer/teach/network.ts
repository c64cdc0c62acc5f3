/** Reading the user's network from the app's document store, for the receptive-field and filter views. */
import { useMemo } from 'react';
import type { Analysis } from '../../engine/analyze.ts';
import { MNIST, SHAPES } from '../../engine/datasets/registry.ts';
import type { GraphDocument } from '../../engine/document.ts';
import type { FloatImage } from '../../engine/teach/convolve.ts';
import { takesDigits } from '../lib/trainingDefaults.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { fromSample } from './scenes.ts';
import { useSamples } from './samples.ts';

export function useNetwork(): { graph: GraphDocument; analysis: Analysis } {
  const graph = useDocStore(selectGraph);
  const analysis = useDocStore(selectAnalysis);
  return { graph, analysis };
}

/** Connected nodes with a feature-map output, input excluded, in topological order. */
export function featureMapNodes(analysis: Analysis): string[] {
  return analysis.order.filter((id) => {
    const n = analysis.nodes[id];
    return id !== analysis.inputId && n.connected && n.outputShape?.length === 3;
  });
}

export function inputShapeOf(analysis: Analysis): [number, number, number] | null {
  const s = analysis.inputId ? analysis.nodes[analysis.inputId].outputShape : null;
  return s && s.length === 3 ? (s as [number, number, number]) : null;
}

/** Sample inputs for the network: MNIST digits for a 1×28×28 input, else `shapes` drawn at the input's size. */
export function useNetworkSamples(shape: [number, number, number] | null) {
  const mnist = takesDigits(shape);
  const samples = useSamples(shape ? (mnist ? MNIST : SHAPES).name : null, shape && !mnist ? shape : undefined, 12);
  return useMemo(() => {
    if (!shape || !samples || typeof samples === 'string')
      return {
        samples: [] as { pixels: Float32Array; image: FloatImage; label: string }[],
        error: typeof samples === 'string' ? samples : null,
      };
    const ok = samples.shape.join() === shape.join();
    return {
      samples: ok
        ? samples.images.map((s) => ({
            pixels: Float32Array.from(s.pixels),
            image: fromSample(s.pixels, samples.shape),
            label: samples.classes[s.label] ?? String(s.label),
          }))
        : [],
      error: ok ? null : `samples are ${samples.shape.join('×')}, the input wants ${shape.join('×')}`,
    };
  }, [samples, shape]);
}
