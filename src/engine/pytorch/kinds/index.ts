/** The PyTorch emitter of every layer kind but `input` (the network's input is forward's `x`). */
import type { PytorchEmitter } from '../emit.js';
import { conv2dPy, locallyConnected2dPy } from './conv.js';
import { activationPy, addPy, batchNormPy, concatPy, densePy, dropoutPy, flattenPy } from './misc.js';
import { avgPool2dPy, globalAvgPool2dPy, maxPool2dPy } from './pool.js';

export const PYTORCH_EMITTERS: Readonly<Record<string, PytorchEmitter>> = {
  conv2d: conv2dPy,
  locallyConnected2d: locallyConnected2dPy,
  maxPool2d: maxPool2dPy,
  avgPool2d: avgPool2dPy,
  globalAvgPool2d: globalAvgPool2dPy,
  dense: densePy,
  activation: activationPy,
  flatten: flattenPy,
  dropout: dropoutPy,
  batchNorm: batchNormPy,
  add: addPy,
  concat: concatPy,
};
