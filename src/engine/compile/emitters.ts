/** The compiled-graph emitter of every trainable kind (the input node is the graph's `x`). */
import { conv2dEmitter } from './conv.js';
import type { KindEmitter } from './kinds.js';
import { locallyConnectedEmitter } from './locallyConnected.js';
import { activationEmitter, addEmitter, batchNormEmitter, concatEmitter, denseEmitter, dropoutEmitter, flattenEmitter } from './misc.js';
import { avgPoolEmitter, globalAvgPoolEmitter, maxPoolEmitter } from './pool.js';

const EMITTERS: Record<string, KindEmitter> = {
  conv2d: conv2dEmitter,
  locallyConnected2d: locallyConnectedEmitter,
  maxPool2d: maxPoolEmitter,
  avgPool2d: avgPoolEmitter,
  globalAvgPool2d: globalAvgPoolEmitter,
  dense: denseEmitter,
  activation: activationEmitter,
  flatten: flattenEmitter,
  dropout: dropoutEmitter,
  batchNorm: batchNormEmitter,
  add: addEmitter,
  concat: concatEmitter,
};

export function emitterFor(kind: string): KindEmitter {
  const em = EMITTERS[kind];
  if (!em) throw new Error(`the compiled backend cannot train layers of kind "${kind}" yet`);
  return em;
}
