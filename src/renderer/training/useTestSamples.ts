/**
 * Test images of the current document's dataset, at its input's size, with the document's predictions
 * (dataset:samples). Fetched again when `key` changes; a late answer for an earlier key is dropped.
 */
import { useEffect, useState } from 'react';
import type { SampleImages } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';

export function useTestSamples(count: number, key?: unknown): { samples: SampleImages | null; error: string | null } {
  const [samples, setSamples] = useState<SampleImages | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const s = useDocStore.getState();
    const a = selectAnalysis(s);
    const settings = trainingOf(s.training, a);
    const inShape = a.inputId ? a.nodes[a.inputId].outputShape : null;
    let live = true;
    getApi()
      ['dataset:samples']({
        dataset: settings.dataset,
        channels: inShape?.[0],
        height: inShape?.[1],
        width: inShape?.[2],
        split: 'test',
        count,
        document: currentDocument(),
      })
      .then((r) => {
        if (!live) return;
        if (r.ok) setSamples(r);
        else setError(r.error);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [count, key]);
  return { samples, error };
}
