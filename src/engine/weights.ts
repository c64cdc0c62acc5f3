/**
 * A network's tensors: initialised from a seed (He for ReLU-style layers, Glorot otherwise, both normal), or
 * read from / written to a document's base64 weights.
 */
import type { Analysis } from './analyze.js';
import { base64ToFloat32, float32ToBase64 } from './base64.js';
import type { WeightsRecord } from './document.js';
import { createRng } from './rng.js';
import type { TensorSpec } from './types.js';
import { sizeOf } from './kernels/scratch.js';

/** node id → tensor name → values. */
export type WeightMap = Record<string, Record<string, Float32Array>>;

export function initTensor(spec: TensorSpec, rng: ReturnType<typeof createRng>): Float32Array {
  const out = new Float32Array(sizeOf(spec.shape));
  switch (spec.init) {
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'he': {
      const std = Math.sqrt(2 / spec.fanIn);
      for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
      break;
    }
    case 'glorot': {
      const std = Math.sqrt(2 / (spec.fanIn + spec.fanOut));
      for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
      break;
    }
  }
  return out;
}

/** Fresh tensors for every connected node, in topological order, from one seed. */
export function initWeights(a: Analysis, seed: number): WeightMap {
  const rng = createRng(seed);
  const out: WeightMap = {};
  for (const id of a.order) {
    const info = a.nodes[id];
    if (!info.connected || info.tensors.length === 0) continue;
    out[id] = {};
    for (const spec of info.tensors) out[id][spec.name] = initTensor(spec, rng);
  }
  return out;
}

/**
 * The document's stored weights where they fit the current shapes, fresh ones elsewhere. A layer is taken whole
 * or not at all: when one of its tensors is missing or no longer fits (its layer changed since training), all of
 * its tensors start from the seed, so a trained bias never sits beside a fresh kernel (the layer is what
 * weightsStatus reports as re-initialised). Returns the names of the tensors that had to be re-initialised.
 */
export function weightsFromRecord(
  a: Analysis,
  record: WeightsRecord | undefined,
  seed: number,
): { weights: WeightMap; reinitialised: string[] } {
  const weights = initWeights(a, seed);
  const reinitialised: string[] = [];
  for (const [id, tensors] of Object.entries(weights)) {
    const stored: Record<string, Float32Array> = {};
    for (const [name, fresh] of Object.entries(tensors)) {
      const text = record?.[id]?.[name];
      const values = text === undefined ? undefined : base64ToFloat32(text);
      if (values && values.length === fresh.length) stored[name] = values;
    }
    const names = Object.keys(tensors);
    if (names.every((name) => stored[name])) Object.assign(tensors, stored);
    else if (record) reinitialised.push(...names.map((name) => `${id}.${name}`));
  }
  return { weights, reinitialised };
}

export function weightsToRecord(weights: WeightMap): WeightsRecord {
  const out: WeightsRecord = {};
  for (const [id, tensors] of Object.entries(weights)) {
    out[id] = {};
    for (const [name, values] of Object.entries(tensors)) out[id][name] = float32ToBase64(values);
  }
  return out;
}
