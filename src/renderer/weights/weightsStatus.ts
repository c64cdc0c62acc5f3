/**
 * Which layers of the open document are trained, derived from the memoized analysis and the document's weights
 * (the engine's weightsStatus); recomputed only when one of the two changes.
 */
import { weightsStatus, type WeightsStatus } from '../../engine/trained.ts';
import { selectAnalysis } from '../store/analysis.ts';
import type { DocState } from '../store/docStore.ts';

let lastKey: [unknown, unknown] | null = null;
let lastStatus: WeightsStatus = { state: 'untrained', trained: [], reinitialised: [] };

export function selectWeightsStatus(s: DocState): WeightsStatus {
  const a = selectAnalysis(s);
  if (!lastKey || lastKey[0] !== a || lastKey[1] !== s.weights) {
    lastStatus = weightsStatus(a, s.weights);
    lastKey = [a, s.weights];
  }
  return lastStatus;
}
