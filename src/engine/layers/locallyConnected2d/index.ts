/**
 * locallyConnected2d: like conv2d, but every output position has its own kernel (Keras LocallyConnected2D,
 * implementation 1). Weights = outH·outW·kh·kw·C·F; one bias per output position and filter (outH·outW·F).
 * With "same" or integer padding the input is zero-padded first.
 *
 * Layout: W is [outH·outW, C·kh·kw, F], the patch axis ordered (c, i, j) like ONNX's im2col; b is [F, outH, outW]
 * so it adds straight onto an NCHW output. Forward and backward in kernels.ts, ONNX (a chain of standard
 * operators, and its import pattern) in onnx.ts, the compiled training step in compiled.ts.
 */
import { explainSliding, slidingKernelLayer } from '../conv2d/sliding.js';
import { locallyConnectedCounts } from '../formulas.js';
import type { LayerKind } from '../kind.js';
import { locallyConnectedEmitter } from './compiled.js';
import { lcBackward, lcForward, type LcCache } from './kernels.js';
import { locallyConnected2dOnnx } from './onnx.js';
import { locallyConnected2dPy } from './pytorch.js';

export const locallyConnected2d: LayerKind<LcCache> = {
  kind: 'locallyConnected2d',
  label: 'Locally connected 2D',
  category: 'Convolution',
  description: 'Like a convolution, but every position learns its own kernel: no weight sharing, many more weights.',
  ...slidingKernelLayer(
    'locallyConnected2d',
    (c, kh, kw, [f, oh, ow]) => [oh * ow, c * kh * kw, f],
    ([f, oh, ow]) => [f, oh, ow],
    locallyConnectedCounts,
  ),
  forward: lcForward,
  backward: lcBackward,
  explain: explainSliding(locallyConnectedCounts),
  onnx: locallyConnected2dOnnx,
  compiled: locallyConnectedEmitter,
  pytorch: locallyConnected2dPy,
};
