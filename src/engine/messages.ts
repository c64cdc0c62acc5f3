/**
 * Every sentence the engine writes for people, as a code with arguments: problems, their fixes, refused
 * connections, node summaries and formula lines. This table is the English text (the CLI prints it, and it is a
 * Problem's `message`); the app renders the same code and arguments through i18next, so another language
 * translates each code (src/renderer/i18n/engine) and a test walks this table to check that none is missing.
 *
 * Arguments are numbers, ids (layer ids, kind ids, param values such as "same") and text made of numbers and
 * symbols ("5·5·1·6", "[6, 28, 28]"), never English words, so a translation can place them as they are.
 */

type Args = Record<string, string | number | readonly string[]>;

/** The English names of the kinds a fix inserts (a kind's `label`; the registry is not imported here). */
const KIND_NAMES: Record<string, string> = { flatten: 'Flatten' };
/** A list in a sentence: "[1, 4, 4] and [1, 2, 2]". */
const and = (items: readonly string[]) => items.join(' and ');

const inputsText = (n: number) => (n === 0 ? 'no inputs' : `${n} input${n === 1 ? '' : 's'}`);
/** What a layer takes: "1 input", "no inputs", or "at least 2 inputs" for a merge. */
const wants = (a: { min: number; max: number }) => (a.min === a.max ? inputsText(a.min) : `at least ${a.min} inputs`);
const tooLarge = (what: 'kernel' | 'window', a: { kind: string; id: string; size: string; h: number; w: number }) =>
  `${a.kind} "${a.id}": its ${a.size} ${what} is larger than its ${a.h}×${a.w} input`;
const tooLargeEnd = (what: 'kernel' | 'window') =>
  ` — use a smaller ${what}, "same" padding, or remove a pooling layer before it`;

type Node = { kind: string; id: string };
type TooLarge = Node & { size: string; h: number; w: number };

/** Problems: a Problem's code is its message's code. */
const problems = {
  noInput: () => 'the network has no input node — add an Input layer and connect it to the first layer',
  manyInputs: (a: { id: string; first: string }) =>
    `input "${a.id}": a network has exactly one input node, and "${a.first}" is already one — delete this one`,
  cycle: (a: { path: string }) => `the layers ${a.path} form a cycle — remove one of these connections`,
  tooManyInputs: (a: Node & { min: number; max: number; count: number }) =>
    `${a.kind} "${a.id}" takes ${wants(a)} but has ${a.count} — remove a connection into it`,
  tooFewInputs: (a: Node & { min: number; max: number; count: number }) =>
    `${a.kind} "${a.id}" takes ${wants(a)} but has ${a.count} — connect a layer into it`,
  collapsed: (a: Node & { shape: string }) => `${a.kind} "${a.id}": its output ${a.shape} collapses to nothing`,
  disconnected: (a: Node) =>
    `${a.kind} "${a.id}" is not connected to the input — connect it, or delete it; ` +
    'it is left out of training and export',
  manyOutputs: (a: { count: number; ids: string }) =>
    `the network has ${a.count} outputs (${a.ids}); training and export use one — ` +
    'join them or delete the extra branches',
  needsFeatureMap: (a: Node & { shape: string }) =>
    `${a.kind} "${a.id}" needs a feature map [C, H, W] but gets a flat vector ${a.shape} — ` +
    'move it before the flatten or dense layers',
  globalPoolNeedsFeatureMap: (a: Node & { shape: string }) =>
    `${a.kind} "${a.id}" needs a feature map [C, H, W] but gets a flat vector ${a.shape}`,
  kernelTooLarge: (a: TooLarge) => tooLarge('kernel', a) + tooLargeEnd('kernel'),
  kernelTooLargePadded: (a: TooLarge & { pad: number }) =>
    `${tooLarge('kernel', a)} padded by ${a.pad}${tooLargeEnd('kernel')}`,
  windowTooLarge: (a: TooLarge) => tooLarge('window', a) + tooLargeEnd('window'),
  windowTooLargePadded: (a: TooLarge & { pad: number }) =>
    `${tooLarge('window', a)} padded by ${a.pad}${tooLargeEnd('window')}`,
  needsFlatten: (a: { id: string; shape: string }) =>
    `dense "${a.id}" needs a flat input but gets a feature map ${a.shape} — insert a flatten layer before it`,
  addShapes: (a: { id: string; shapes: readonly string[] }) =>
    `add "${a.id}" needs inputs of the same shape but gets ${and(a.shapes)} — make the branches produce the same shape`,
  concatRank: (a: { id: string; shapes: readonly string[] }) =>
    `concat "${a.id}" cannot join a feature map and a flat vector (${and(a.shapes)}) — flatten every branch or none`,
  concatSize: (a: { id: string; sizes: readonly string[] }) =>
    `concat "${a.id}" needs inputs with the same height × width but gets ${and(a.sizes)} — ` +
    'use "same" padding or matching pools in each branch',
  kernelPastSame: (a: TooLarge) =>
    `${a.kind} "${a.id}": its ${a.size} kernel is larger than its ${a.h}×${a.w} input, so "same" padding adds ` +
    'more zeros than image — use a smaller kernel',
};

/** A fix's label (fixes.ts): what it will do. */
const fixes = {
  'fix.padding': (a: { padding: string }) => `Switch to "${a.padding}" padding`,
  'fix.shrinkKernel': (a: { size: string }) => `Shrink the kernel to ${a.size}`,
  'fix.shrinkWindow': (a: { size: string }) => `Shrink the window to ${a.size}`,
  'fix.insert': (a: { kind: string }) => `Insert ${KIND_NAMES[a.kind] ?? a.kind}`,
  /** After a fix's words, when trying it on the whole network finds new problems (fixCheck.ts). */
  'fix.breaks': (a: { ids: readonly string[] }) => `breaks ${and(a.ids)}`,
  'fix.warns': (a: { ids: readonly string[] }) => `leaves a warning on ${and(a.ids)}`,
};

/** Why a connection is refused while it is drawn (edit.ts, checkConnection). */
const connections = {
  'connect.self': () => 'a layer cannot feed itself',
  'connect.missing': () => 'no such layer',
  'connect.duplicate': (a: { source: string; target: string }) => `"${a.source}" already feeds "${a.target}"`,
  'connect.noInputs': (a: Node) => `${a.kind} "${a.id}" takes no inputs`,
  'connect.tooMany': (a: Node & { max: number; count: number }) =>
    `${a.kind} "${a.id}" takes ${inputsText(a.max)} and already has ${a.count}`,
  'connect.cycle': (a: { source: string; target: string }) =>
    `"${a.target}" already feeds "${a.source}", so this connection would make a cycle`,
};

/** Parts of a node's summary on the canvas, joined by ", " ("6 @ 5×5, same, relu"). */
const summaries = {
  'summary.size': (a: { size: string }) => a.size,
  'summary.filters': (a: { filters: number; kernel: string }) => `${a.filters} @ ${a.kernel}`,
  'summary.perChannel': (a: { kernel: string }) => `${a.kernel} per channel`,
  'summary.perChannelTimes': (a: { kernel: string; multiplier: number }) => `${a.kernel} ×${a.multiplier} per channel`,
  'summary.stride': (a: { stride: string }) => `stride ${a.stride}`,
  'summary.padding': (a: { padding: string }) => a.padding,
  'summary.padPixels': (a: { pad: number }) => `pad ${a.pad}`,
  'summary.activation': (a: { fn: string }) => a.fn,
  'summary.units': (a: { units: number }) => `${a.units} units`,
  'summary.globalMean': () => 'mean over H×W',
  'summary.rate': (a: { rate: number }) => `rate ${a.rate}`,
  'summary.channels': () => 'channels',
};

/** Formula lines (explain.ts): the expression is numbers and symbols, the words around it are here. */
const formulas = {
  'formula.params': (a: { expr: string; total: string }) => `params = ${a.expr} = ${a.total}`,
  'formula.paramsBatchNorm': (a: { c: number; total: string }) =>
    `params = 2·${a.c} = ${a.total} (γ, β; running mean and variance are not trained)`,
  'formula.out': (a: { expr: string }) => `out = ${a.expr}`,
  'formula.outH': (a: { expr: string }) => `out H = ${a.expr}`,
  'formula.outW': (a: { expr: string }) => `out W = ${a.expr}`,
  'formula.outGlobal': (a: { c: number }) => `out = ${a.c} (one mean per channel)`,
  'formula.outConcat': (a: { expr: string; total: number }) => `out = ${a.expr} = ${a.total} channels`,
  'formula.macs': (a: { expr: string; total: string }) => `MACs = ${a.expr} = ${a.total}`,
  'formula.field': (a: { expr: string }) => `receptive field = ${a.expr}`,
  'formula.fieldHW': (a: { h: string; w: string }) => `receptive field H = ${a.h}; W = ${a.w}`,
  'formula.weights': (a: { expr: string; weights: string }) => `${a.expr} = ${a.weights} weights`,
  'formula.weightsBiases': (a: { expr: string; weights: string; biases: string }) =>
    `${a.expr} = ${a.weights} weights + ${a.biases} biases`,
  'formula.weightsBiasTerms': (a: { expr: string; weights: string; biasExpr: string; biases: string }) =>
    `${a.expr} = ${a.weights} weights + ${a.biasExpr} = ${a.biases} biases`,
};

export const MESSAGES = { ...problems, ...fixes, ...connections, ...summaries, ...formulas };

export type MessageCode = keyof typeof MESSAGES;
export type ProblemCode = keyof typeof problems;
export type MessageArgs<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]> extends [infer A] ? A : undefined;

/** One sentence (or part of one) in words: its code and arguments. */
export interface Message<C extends MessageCode = MessageCode> {
  code: C;
  args: Args;
}

export function msg<C extends MessageCode>(
  code: C,
  ...args: MessageArgs<C> extends undefined ? [] : [MessageArgs<C>]
): Message<C> {
  return { code, args: (args[0] ?? {}) as Args };
}

/** The English text of a message (the CLI's words, and the app's in English). */
export function english(m: Message): string {
  return (MESSAGES[m.code] as (a: Args) => string)(m.args);
}

/** A summary's parts in English, joined as the canvas joins them. */
export function englishParts(parts: readonly Message[]): string {
  return parts.map(english).join(', ');
}
