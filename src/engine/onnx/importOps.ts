/**
 * The importer's table: ONNX operator type → handler, derived from the registry (each LayerKind's
 * `onnx.import`, layers/kind.ts) plus the operators that only carry shapes or belong to a pattern. Where several
 * kinds read the same operator (Conv: locallyConnected2d's pattern, conv2d, depthwiseConv2d) they are tried in
 * turn, patterns first, then registry order; each either takes the node or says why it is not that kind, and a
 * node no kind takes is refused with every reason.
 */
import type { OnnxImporter } from '../layers/kind.js';
import { LAYERS } from '../registry.js';
import type { NodeProto } from './builder.js';
import { ImportError, type ImportContext } from './importContext.js';
import { importPad } from './importPad.js';
import { SHAPE_HANDLERS } from './importShapes.js';

type Handler = (c: ImportContext, node: NodeProto) => void;

/** Operators that belong to no kind: shape arithmetic (importShapes.ts) and the parts of a pattern. */
const STRUCTURAL: Record<string, Handler> = {
  ...SHAPE_HANDLERS,
  Pad: importPad,
  // Only inside Convas' locally-connected pattern, which the Conv importer consumes whole.
  Transpose: (c, node) => {
    throw new ImportError(
      `${c.label(node)}: a Transpose outside Convas' locally-connected pattern has no Convas layer`,
    );
  },
};

function tryInTurn(readers: { kind: string; read: OnnxImporter }[]): Handler {
  if (readers.length === 1) {
    const { kind, read } = readers[0];
    return (c, node) => {
      const reason = read(c, node);
      if (typeof reason === 'string') throw new ImportError(`${c.label(node)}: not a ${kind}: ${reason}`);
    };
  }
  return (c, node) => {
    const reasons: string[] = [];
    for (const { kind, read } of readers) {
      const reason = read(c, node);
      if (typeof reason !== 'string') return;
      reasons.push(`${kind}: ${reason}`);
    }
    throw new ImportError(`${c.label(node)}: no Convas layer reads it (${reasons.join('; ')})`);
  };
}

function buildHandlers(): Record<string, Handler> {
  const byOp = new Map<string, { kind: string; read: OnnxImporter }[]>();
  const kinds = [...LAYERS.filter((k) => k.onnx.pattern), ...LAYERS.filter((k) => !k.onnx.pattern)];
  for (const k of kinds)
    for (const [op, read] of Object.entries(k.onnx.import))
      byOp.set(op, [...(byOp.get(op) ?? []), { kind: k.kind, read }]);
  const table: Record<string, Handler> = { ...STRUCTURAL };
  for (const [op, readers] of byOp) {
    if (table[op])
      throw new Error(
        `ONNX import: operator ${op} is both structural and read by ${readers.map((r) => r.kind).join(', ')}`,
      );
    table[op] = tryInTurn(readers);
  }
  return table;
}

let handlers: Record<string, Handler> | null = null;

/** The handler for each ONNX operator Convas imports (built on first use, once the registry is complete). */
export function importHandlers(): Readonly<Record<string, Handler>> {
  handlers ??= buildHandlers();
  return handlers;
}
