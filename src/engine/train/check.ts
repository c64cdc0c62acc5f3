/**
 * Whether a graph can be trained on a dataset, with one message a beginner can act on when it cannot.
 * The checks, in order: analysis errors; exactly one output; the output is a flat [K] vector; K equals the
 * dataset's class count; the input shape equals the dataset's sample shape (naming the size to use).
 */
import { analyze, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { getLayer } from '../registry.js';

export class TrainError extends Error {
  constructor(
    message: string,
    readonly nodeId: string | null = null,
  ) {
    super(message);
  }
}

const shapeText = (s: number[]) => (s.length === 3 ? `${s[0]}×${s[1]}×${s[2]}` : `[${s.join(', ')}]`);

/** Checks that the graph itself can train (no dataset needed); returns its analysis. Throws TrainError. */
export function checkGraph(doc: GraphDocument, analysis: Analysis = analyze(doc)): Analysis {
  if (analysis.errors.length) {
    const e = analysis.errors[0];
    const more =
      analysis.errors.length > 1
        ? ` (and ${analysis.errors.length - 1} more problem${analysis.errors.length > 2 ? 's' : ''})`
        : '';
    throw new TrainError(`the graph has errors: ${e.message}${more}`, e.nodeId);
  }
  const inputId = analysis.inputId!;
  const outs = analysis.outputIds;
  if (outs.length === 0 || (outs.length === 1 && outs[0] === inputId)) {
    throw new TrainError(
      `nothing is connected after input "${inputId}" — connect layers ending in a Dense layer with one unit per class`,
      inputId,
    );
  }
  if (outs.length > 1) {
    throw new TrainError(
      `the network has ${outs.length} outputs (${outs.map((o) => `"${o}"`).join(', ')}); ` +
        `training needs exactly one — join the branches with Add or Concat, or delete the extra ones`,
      outs[1],
    );
  }
  const out = analysis.nodes[outs[0]];
  if (out.outputShape!.length !== 1) {
    throw new TrainError(
      `the output "${out.id}" gives ${shapeText(out.outputShape!)}; ` +
        `a classifier's output must be a flat vector with one value per class — ` +
        `add Flatten (or Global avg pool) and a Dense layer after it`,
      out.id,
    );
  }
  for (const id of analysis.order) {
    const info = analysis.nodes[id];
    if (!info.connected) continue;
    const def = getLayer(info.kind);
    if (!def || typeof def.forward !== 'function' || typeof def.backward !== 'function') {
      throw new TrainError(`${info.kind} "${id}" cannot be trained yet (no training kernels)`, id);
    }
  }
  return analysis;
}

/** checkGraph, plus the fit between the graph and a dataset's shape and classes. */
export function checkTrainable(
  doc: GraphDocument,
  dataset: { shape: number[]; classes: string[]; name?: string },
  analysis?: Analysis,
): Analysis {
  const a = checkGraph(doc, analysis);
  const inputId = a.inputId!;
  const inShape = a.nodes[inputId].outputShape!;
  const want = dataset.shape;
  if (inShape.length !== want.length || inShape.some((d, i) => d !== want[i])) {
    throw new TrainError(
      `input "${inputId}" is ${shapeText(inShape)} but the ${dataset.name ?? 'dataset'} ` +
        `images are ${shapeText(want)} — ` +
        `set the input to channels ${want[0]}, height ${want[1]}, width ${want[2]}`,
      inputId,
    );
  }
  const out = a.nodes[a.outputIds[0]];
  const k = out.outputShape![0];
  if (k !== dataset.classes.length) {
    const field =
      out.kind === 'dense'
        ? `set its units to ${dataset.classes.length}`
        : `end the network with a Dense layer of ${dataset.classes.length} units`;
    throw new TrainError(
      `the output "${out.id}" has ${k} values but the dataset has ${dataset.classes.length} classes ` +
        `(${dataset.classes.join(', ')}) — ${field}`,
      out.id,
    );
  }
  return a;
}
