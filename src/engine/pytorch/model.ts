/**
 * model.py: the network as one nn.Module whose attributes and forward's variables are the graph's node ids, in
 * topological order, NCHW. Each kind's `pytorch` facet (layers/<kind>) writes its own lines; this file stitches
 * them together, adds the helpers they asked for, and lists how every Convas tensor maps onto the state dict
 * (CONVAS_TENSORS), which convas_io.py uses to read and write documents.
 */
import { englishParts } from '../messages.js';
import { inputsOf, type Analysis } from '../analyze.js';
import type { GraphDocument } from '../document.js';
import { getLayer } from '../registry.js';
import { activationOf } from '../layers/specs.js';
import type { PyTensor } from './emit.js';
import { pythonNames } from './names.js';
import { sizeOf } from '../kernels/scratch.js';

export class PytorchExportError extends Error {}

/** The nodes the output depends on, in analysis order. */
function ancestors(doc: GraphDocument, a: Analysis, outputId: string): string[] {
  const needed = new Set<string>();
  const stack = [outputId];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...inputsOf(doc, id));
  }
  return a.order.filter((id) => needed.has(id));
}

/** Whether the output layer ends in softmax (forward leaves it to the loss; an ONNX export puts it back). */
function outputSoftmax(doc: GraphDocument, outputId: string): boolean {
  const node = doc.nodes.find((n) => n.id === outputId)!;
  return activationOf(node.params, node.kind === 'activation' ? 'fn' : 'activation') === 'softmax';
}

const pyString = (s: string) => JSON.stringify(s);

export function modelPy(doc: GraphDocument, a: Analysis, header: string): string {
  const outputId = a.outputIds[0];
  if (!outputId || outputId === a.inputId)
    throw new PytorchExportError('the network has no layer connected after its input — connect one to export');
  const ids = ancestors(doc, a, outputId);
  const names = pythonNames(ids.filter((id) => id !== a.inputId));
  names.set(a.inputId!, 'x');
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const helpers = new Map<string, string>();
  const init: string[] = [];
  const forward: string[] = [];
  const tensors: string[] = [];
  for (const id of ids) {
    if (id === a.inputId) continue;
    const node = byId.get(id)!;
    const info = a.nodes[id];
    const def = getLayer(node.kind)!;
    const emit = def.pytorch;
    if (!emit) throw new PytorchExportError(`${node.kind} "${id}" has no PyTorch export yet`);
    const name = names.get(id)!;
    const out = emit({
      id,
      name,
      params: node.params,
      info,
      inputs: inputsOf(doc, id).map((s) => names.get(s)!),
      isOutput: id === outputId,
      helper: (key, source) => helpers.set(key, source),
    });
    const summary = englishParts(def.summarize(node.params));
    const comment = `# ${id}: ${node.kind}${summary ? ` ${summary}` : ''} → [${info.outputShape!.join(', ')}]`;
    if (out.init.length) init.push(comment, ...out.init);
    forward.push(...out.forward);
    for (const t of out.tensors)
      tensors.push(
        tensorLine(
          id,
          name,
          t,
          info.tensors.find((s) => s.name === t.tensor)?.role === 'weight' && node.kind !== 'batchNorm',
        ),
      );
  }
  const [c, h, w] = a.nodes[a.inputId!].outputShape!;
  const outShape = a.nodes[outputId].outputShape!;
  const inShape = a.nodes[a.inputId!].outputShape!;
  const sample = inShape.length === 3 ? `${c} channel(s), ${h}×${w} pixels in [0, 1]` : 'a flat vector';
  const title = (doc.name || 'The network').replace(/["\\]/g, '');
  const lines = [
    header,
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    `NAME = ${pyString(doc.name)}`,
    `INPUT_SHAPE = (${inShape.join(', ')}${inShape.length === 1 ? ',' : ''})  # one sample: ${sample}`,
    `OUTPUT_SIZE = ${sizeOf(outShape)}`,
    `# Whether the document's output layer ends in softmax (forward leaves it out; exported models apply it).`,
    `OUTPUT_SOFTMAX = ${outputSoftmax(doc, outputId) ? 'True' : 'False'}`,
    '',
    ...[...helpers.values()].flatMap((src) => ['', src, '']),
    '',
    'class Net(nn.Module):',
    `    """${title}, as drawn in Convas: layers and names follow the graph."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length ? init : ['pass']).map((l) => `        ${l}`),
    '',
    '    def forward(self, x):',
    '        """Logits: the output layer before any softmax, as F.cross_entropy takes them."""',
    ...forward.map((l) => `        ${l}`),
    `        return ${names.get(outputId)}`,
    '',
    '    def probabilities(self, x):',
    '        """Class probabilities, as Convas predicts them: the softmax of the logits."""',
    '        return F.softmax(self(x), dim=1)',
    '',
    '',
    '# (Convas node, tensor) → (state-dict key, layout, weight decay). "transpose": nn.Linear keeps Convas\'',
    '# [in, out] matrix as [out, in]. Weight decay applies to kernels and matrices only, as in Convas.',
    'CONVAS_TENSORS = {',
    ...tensors.map((l) => `    ${l}`),
    '}',
    '',
  ];
  return lines.join('\n');
}

function tensorLine(id: string, name: string, t: PyTensor, decay: boolean): string {
  const value = `(${pyString(`${name}.${t.key}`)}, ${pyString(t.layout)}, ${decay ? 'True' : 'False'})`;
  return `(${pyString(id)}, ${pyString(t.tensor)}): ${value},`;
}
