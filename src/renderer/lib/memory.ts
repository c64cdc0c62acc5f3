/**
 * The totals bar's training-memory estimate, from the training helper's engine estimate (src/engine/train/memory.ts).
 */
import type { Analysis } from '../../engine/analyze.ts';
import type { GraphDocument, TrainingSettings } from '../../engine/document.ts';
import { estimateMemory } from '../../engine/train/memory.ts';
import { optimizerStatePerParam as stateOf } from '../../engine/train/optimizers.ts';

/**
 * Model memory only (weights, gradients, optimizer state, activations and work buffers at the batch size), no
 * runtime overhead; `doc`, the graph `a` is of, sizes the work buffers as a run does.
 */
export function trainingMemory(
  a: Analysis,
  s: Pick<TrainingSettings, 'batchSize' | 'optimizer' | 'momentum'>,
  doc?: GraphDocument,
): number {
  if (!a.order.length) return 0;
  const optimizerStatePerParam = stateOf({ name: s.optimizer, momentum: s.momentum });
  const e = estimateMemory(a, { batchSize: s.batchSize, optimizerStatePerParam, doc });
  return e.weights + e.grads + e.optimizer + e.activations + e.workBuffers;
}
