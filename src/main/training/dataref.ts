/** The dataset a document trains on, at the size its input node asks for. */
import type { Analysis } from '../../engine/analyze.js';
import { builtInDataset } from '../../engine/datasets/registry.js';
import type { GraphDocument } from '../../engine/document.js';
import type { DatasetRef } from '../../shared/api.js';

/**
 * Fills a ref's channels, height and width from the document's input node where the ref leaves them out:
 * shapes are drawn and folder images resized to that size, and an IDX folder whose images are another size says
 * so, naming its file. A built-in of one fixed size (mnist, 1×28×28) is left as it is; a different input is
 * reported by checkTrainable with the size to use.
 */
export function refForDocument(ref: DatasetRef, doc: GraphDocument | undefined, analysis?: Analysis): DatasetRef {
  if (builtInDataset(ref.dataset)?.shape || !doc) return ref;
  const input = doc.nodes.find((n) => n.kind === 'input');
  const shape = analysis && input ? analysis.nodes[input.id]?.outputShape : null;
  const p = input?.params ?? {};
  const [c, h, w] =
    shape && shape.length === 3
      ? shape
      : [p.channels, p.height, p.width].map((v) => (typeof v === 'number' ? v : undefined));
  return { ...ref, channels: ref.channels ?? c, height: ref.height ?? h, width: ref.width ?? w };
}
