/**
 * Pad, as PyTorch's exporter writes it: nn.AvgPool2d(2) gets a Pad with all-zero pads before its AveragePool, and
 * F.pad / nn.ZeroPad2d put one before a convolution or a pool. A Pad that pads nothing is dropped. A constant Pad of
 * H and W is folded into the padding of the layers that read it (windowOf adds it to theirs) when that means the
 * same thing: zeros before a Conv; before a MaxPool, a value that can never win (−∞), or zeros when the input is
 * never negative (after a relu, sigmoid or softmax), since Convas' max pools never let padding win. Anything
 * else is refused, saying why.
 */
import type { NodeProto } from './builder.js';
import { ImportError, out0, type BuiltNode, type ImportContext } from './importContext.js';
import { symbolicInts } from './importShapes.js';

const NON_NEGATIVE = new Set(['relu', 'sigmoid', 'softmax']);

/** Whether every value of x is ≥ 0: it ends in an activation that cannot go below zero. */
function nonNegative(x: BuiltNode): boolean {
  const fn = x.kind === 'activation' ? x.params.fn : x.params.activation;
  return typeof fn === 'string' && NON_NEGATIVE.has(fn);
}

/** pads (input 1 from opset 11, an attribute before) and the constant value (input 2, or the `value` attribute). */
function padsAndValue(c: ImportContext, node: NodeProto): { pads: number[]; value: number } {
  const a = c.attrs(node);
  if (c.opset < 11)
    return { pads: (a.pads as number[] | undefined) ?? [], value: (a.value as number | undefined) ?? 0 };
  if (node.input?.[3])
    throw new ImportError(`${c.label(node)}: pads only some axes (the axes input); Convas reads pads of every axis`);
  const pads = symbolicInts(c, node.input?.[1]);
  if (!pads || pads.some((p) => typeof p !== 'number'))
    throw new ImportError(`${c.label(node)}: its pads are computed from the data; Convas needs them constant`);
  const value = node.input?.[2] ? (c.constFloat(node, 2, 'padding value').data[0] ?? 0) : 0;
  return { pads: pads as number[], value };
}

export function importPad(c: ImportContext, node: NodeProto): void {
  const x = c.source(node, 0);
  const label = c.label(node);
  const { pads, value } = padsAndValue(c, node);
  if (pads.every((p) => p === 0)) {
    c.alias(out0(node), x); // pads nothing: the identity
    return;
  }
  const mode = (c.attrs(node).mode as string | undefined) ?? 'constant';
  if (mode !== 'constant')
    throw new ImportError(`${label}: "${mode}" padding has no Convas layer; Convas pads with zeros, inside a layer`);
  if (pads.length !== 8 || x.shape.length !== 3)
    throw new ImportError(
      `${label}: pads [${pads.join(', ')}] of a ${x.shape.length + 1}-D tensor; ` +
        'Convas pads the height and width of feature maps only',
    );
  const [n0, c0, top, left, n1, c1, bottom, right] = pads;
  if (n0 || c0 || n1 || c1)
    throw new ImportError(
      `${label}: pads the batch or channel axis (pads [${pads.join(', ')}]); Convas pads height and width only`,
    );
  if (pads.some((p) => p < 0))
    throw new ImportError(
      `${label}: negative pads crop the map (pads [${pads.join(', ')}]); Convas has no cropping layer`,
    );
  const readers = c.consumers.get(out0(node)) ?? [];
  const reason = c.graphOutputs.has(out0(node))
    ? "it is the model's output"
    : readers.length === 0
      ? 'nothing reads it'
      : (readers.map((r) => whyNot(r, out0(node), value, x)).find((why) => why !== null) ?? null);
  if (reason) {
    throw new ImportError(
      `${label}: a padding by ${value} [top ${top}, left ${left}, bottom ${bottom}, right ${right}] cannot become ` +
        `part of a Convas layer: ${reason}. Convas folds zero padding into the Conv that reads it, and padding into ` +
        'a MaxPool where it can never win',
    );
  }
  c.alias(out0(node), x);
  c.padsBefore.set(out0(node), [top, left, bottom, right]);
}

/** Why a reader of the padded value cannot take the padding into its own, or null when it can. */
function whyNot(reader: NodeProto, value: string, fill: number, x: BuiltNode): string | null {
  if (reader.input?.[0] !== value) return `${reader.opType} reads it as something other than its image`;
  if (reader.opType === 'Conv') return fill === 0 ? null : `a Conv pads with zeros, not ${fill}`;
  if (reader.opType === 'MaxPool') {
    if (fill === -Infinity || (fill === 0 && nonNegative(x))) return null;
    return `a MaxPool's padding never wins in Convas, but ${fill} would win where a window's values are all below it`;
  }
  if (reader.opType === 'AveragePool')
    return 'an AveragePool would count the padded values, and a Convas average pool never counts padding';
  return `${reader.opType} reads it, and only a Conv or a MaxPool has padding`;
}
