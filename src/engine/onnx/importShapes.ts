/**
 * Shape arithmetic that exporters write around a Reshape, folded at import time. PyTorch exports
 * `x.view(x.size(0), -1)` as Shape → Gather(0) → Unsqueeze → Concat([·, −1]) → Reshape; the batch size is
 * symbolic, so these small integer vectors are tracked with 'batch' standing for it. They never become Convas
 * layers; a Reshape whose target works out to [batch, −1] or [batch, C·H·W] becomes a flatten.
 */
import { ImportError, out0, type ImportContext } from './importContext.js';
import type { NodeProto } from './builder.js';

export type SymbolicInts = (number | 'batch')[];
type Handler = (c: ImportContext, node: NodeProto) => void;

/** A tracked shape vector, or a constant integer tensor's values; null when the value is neither. */
export function symbolicInts(c: ImportContext, value: string | undefined): SymbolicInts | null {
  if (!value) return null;
  const tracked = c.shapes.get(value);
  if (tracked) return tracked;
  if (!c.consts.has(value)) return null;
  try {
    return c.constIntsOf(value);
  } catch {
    return null;
  }
}

function need(c: ImportContext, node: NodeProto, index: number): SymbolicInts {
  const v = symbolicInts(c, node.input?.[index]);
  if (!v) throw new ImportError(`${c.label(node)}: works on tensor data, not on a shape — Convas has no such layer`);
  return v;
}

const Shape: Handler = (c, node) => {
  const x = c.source(node, 0);
  const full: SymbolicInts = ['batch', ...(c.onnxShape.get(node.input?.[0] ?? '') ?? x.shape)];
  const a = c.attrs(node);
  const at = (v: number | undefined, d: number) =>
    v === undefined ? d : v < 0 ? Math.max(v + full.length, 0) : Math.min(v, full.length);
  c.shapes.set(
    out0(node),
    full.slice(at(a.start as number | undefined, 0), at(a.end as number | undefined, full.length)),
  );
};

const Gather: Handler = (c, node) => {
  const data = need(c, node, 0);
  const axis = (c.attrs(node).axis as number | undefined) ?? 0;
  if (axis !== 0) throw new ImportError(`${c.label(node)}: gathers along axis ${axis} of a shape`);
  const indices = need(c, node, 1);
  c.shapes.set(
    out0(node),
    indices.map((i) => {
      if (typeof i !== 'number' || i < -data.length || i >= data.length)
        throw new ImportError(`${c.label(node)}: index ${i} is outside the shape`);
      return data[i < 0 ? i + data.length : i];
    }),
  );
};

/** Unsqueeze / Squeeze / Cast / Identity of a shape vector: the same values (scalars and 1-element vectors alike). */
const same: Handler = (c, node) => c.shapes.set(out0(node), need(c, node, 0));

/** Concat of shape vectors (axis 0); true when it handled the node. */
export function concatShapes(c: ImportContext, node: NodeProto): boolean {
  const parts = (node.input ?? []).map((v) => symbolicInts(c, v));
  if (parts.some((p) => p === null) || !parts.some((_, i) => c.shapes.has(node.input![i]))) return false;
  c.shapes.set(out0(node), (parts as SymbolicInts[]).flat());
  return true;
}

export const SHAPE_HANDLERS: Record<string, Handler> = { Shape, Gather, Unsqueeze: same, Squeeze: same, Cast: same };

export { same as passShape };
