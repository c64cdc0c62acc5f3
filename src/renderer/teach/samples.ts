/** Dataset samples through the app's Api (`dataset:samples`), fetched once per dataset and shape. */
import { useEffect, useState } from 'react';
import type { SampleImages } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';

const cache = new Map<string, Promise<SampleImages | string>>();

export function loadSamples(
  dataset: string,
  shape?: [number, number, number],
  count = 16,
): Promise<SampleImages | string> {
  const key = `${dataset}:${shape?.join('x') ?? ''}:${count}`;
  let p = cache.get(key);
  if (!p) {
    const ref = shape ? { dataset, channels: shape[0], height: shape[1], width: shape[2] } : { dataset };
    p = getApi()
      ['dataset:samples']({ ...ref, split: 'test', count })
      .then((r) => (r.ok ? { images: r.images, shape: r.shape, classes: r.classes } : r.error))
      .catch((e: unknown) => String((e as Error)?.message ?? e));
    cache.set(key, p);
    void p.then((v) => typeof v === 'string' && cache.delete(key)); // retry errors next time
  }
  return p;
}

/** The samples, or an error message, or null while loading. */
export function useSamples(
  dataset: string | null,
  shape?: [number, number, number],
  count = 16,
): SampleImages | string | null {
  const [value, setValue] = useState<SampleImages | string | null>(null);
  const key = `${dataset}:${shape?.join('x') ?? ''}:${count}`;
  useEffect(() => {
    if (!dataset) return;
    let live = true;
    setValue(null);
    void loadSamples(dataset, shape, count).then((v) => live && setValue(v));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return dataset ? value : null;
}
