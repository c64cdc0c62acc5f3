/** The totals bar's training-memory estimate, from the training helper's engine estimate (src/engine/train/memory.ts). */
import type { Analysis } from '../../engine/analyze.ts';
import type { TrainingSettings } from '../../engine/document.ts';
import { estimateMemory } from '../../engine/train/memory.ts';
import { optimizerStatePerParam } from '../../engine/train/optimizers.ts';

/** Model memory only (weights, gradients, optimizer state, activations at the batch size), no runtime overhead. */
export function trainingMemory(a: Analysis, s: Pick<TrainingSettings, 'batchSize' | 'optimizer' | 'momentum'>): number {
  if (!a.order.length) return 0;
  const e = estimateMemory(a, { batchSize: s.batchSize, optimizerStatePerParam: optimizerStatePerParam({ name: s.optimizer, momentum: s.momentum }) });
  return e.weights + e.grads + e.optimizer + e.activations + e.workBuffers;
}
