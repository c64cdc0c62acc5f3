/** The static registry: one LayerDef per kind. Kind ids are stable; renaming one needs a document migration. */
import type { LayerDef, Params, ParamValue } from './types.js';
import { activation } from './layers/activation.js';
import { batchNorm } from './layers/batchNorm.js';
import { conv2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { input } from './layers/input.js';
import { locallyConnected2d } from './layers/locallyConnected2d.js';
import { add, concat } from './layers/merge.js';
import { avgPool2d, globalAvgPool2d, maxPool2d } from './layers/pool.js';
import { flatten } from './layers/shape.js';

export const LAYERS: readonly LayerDef[] = [
  input,
  conv2d,
  locallyConnected2d,
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

export function getLayer(kind: string): LayerDef | undefined {
  return byKind.get(kind);
}

export function layerOrThrow(kind: string): LayerDef {
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
