/** The compiled-graph emitter of every trainable kind: each LayerKind's `compiled` facet (layers/kind.ts). */
import { getLayer } from '../registry.js';
import type { KindEmitter } from './kinds.js';
import { CompileError } from './layout.js';

export function emitterFor(kind: string): KindEmitter {
  const em = getLayer(kind)?.compiled;
  if (!em || em === 'graphInput') {
    throw new CompileError(
      `the compiled backend cannot train ${kind} layers: ` +
        `the ${kind} kind has no compiled-training emitter (its 'compiled' facet)`,
    );
  }
  return em;
}
