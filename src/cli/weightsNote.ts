/** The line the CLI prints when a document's weights are not all trained ones (after an edit, or never). */
import { analyze } from '../engine/analyze.js';
import type { GraphDocument } from '../engine/document.js';
import { describeWeights, weightsStatus } from '../engine/trained.js';

/** "partly trained: c1, c2 re-initialised from seed 1", "untrained: …", or null when every layer is trained. */
export function weightsNote(doc: GraphDocument, seed?: number): string | null {
  const a = analyze(doc);
  if (a.errors.length) return null;
  const status = weightsStatus(a, doc.weights);
  const from = seed ?? doc.training?.seed ?? 1;
  if (status.state === 'trained') return null;
  if (status.state === 'untrained') return `untrained: every layer's weights come from seed ${from}`;
  return `${describeWeights(status)} from seed ${from}`;
}
