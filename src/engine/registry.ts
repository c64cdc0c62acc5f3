/**
 * The static registry: one LayerKind per kind, with all its facets (layers/kind.ts, layers/README.md). Kind ids
 * are stable; renaming one needs a document migration. The ONNX export and import tables, the compiled emitters
 * and the formula text are read from here.
 */
import type { Params, ParamValue } from './types.js';
import { activation } from './layers/activation.js';
import { batchNorm } from './layers/batchNorm/index.js';
import { conv2d } from './layers/conv2d/index.js';
import { dense } from './layers/dense/index.js';
import { depthwiseConv2d } from './layers/depthwiseConv2d/index.js';
import { dropout } from './layers/dropout.js';
import { flatten } from './layers/flatten.js';
import { input } from './layers/input.js';
import type { LayerKind } from './layers/kind.js';
import { locallyConnected2d } from './layers/locallyConnected2d/index.js';
import { add, concat } from './layers/merge.js';
import { avgPool2d, globalAvgPool2d, maxPool2d } from './layers/pool/index.js';

export const LAYERS: readonly LayerKind[] = [
  input,
  conv2d,
  locallyConnected2d,
  depthwiseConv2d,
  maxPool2d,
  avgPool2d,
  globalAvgPool2d,
  dense,
  activation,
  flatten,
  dropout,
  batchNorm,
  add,
  concat,
];

const byKind = new Map(LAYERS.map((d) => [d.kind, d]));

export function getLayer(kind: string): LayerKind | undefined {
  return byKind.get(kind);
}

export function layerOrThrow(kind: string): LayerKind {
  const def = byKind.get(kind);
  if (!def) throw new Error(`unknown layer kind "${kind}"`);
  return def;
}

/** Params for a new node from the palette: defaults and initial values. */
export function initialParams(kind: string): Params {
  const out: Params = {};
  for (const spec of layerOrThrow(kind).params) {
    const v: ParamValue | undefined = spec.initial ?? spec.default;
    if (v !== undefined) out[spec.name] = v;
  }
  return out;
}
