/**
 * A layer kind's whole truth: the LayerDef (params, shape, counts, forward and backward) plus every facet that
 * other parts of Convas read by kind — ONNX export, ONNX import, the compiled-training emitter, the formula text
 * of its counts, and a slot for the PyTorch exporter. The registry lists LayerKinds; the tables other modules
 * read (exporters, import handlers, compiled emitters, explanations) are derived from it, and
 * tests/facets.test.ts fails when a kind lacks a facet it should have. See layers/README.md.
 */
import type { NodeInfo } from '../analyze.js';
import type { KindEmitter } from '../compile/kinds.js';
import type { NodeProto } from '../onnx/builder.js';
import type { EmitContext } from '../onnx/emitContext.js';
import type { ImportContext } from '../onnx/importContext.js';
import type { PytorchEmitter } from '../pytorch/emit.js';
import type { LayerDef, Params, ReceptiveField } from '../types.js';
import type { Message } from '../messages.js';

/** Writes the ONNX operators (opset 17) that compute exactly what the engine computes at evaluation. */
export type OnnxExporter = (c: EmitContext) => void;

/**
 * Reads one ONNX node as this kind. Returns nothing (or null) once it has added or folded the node, or a short
 * reason why the node is not this kind, so that another kind reading the same operator can try; throws an
 * ImportError for a node that is this kind but cannot be imported (the message names the node).
 */
export type OnnxImporter = (c: ImportContext, node: NodeProto) => string | null | void;

export interface OnnxFacet {
  /**
   * The exporter; 'graphInput' for the input node (the graph's input), 'identity' for a kind that is the
   * identity at evaluation and writes no operator (dropout, recorded in the model's metadata instead).
   */
  export: OnnxExporter | 'graphInput' | 'identity';
  /** ONNX operator type → importer. The input kind reads the graph's input, not a node, and lists none. */
  import: Readonly<Record<string, OnnxImporter>>;
  /** A multi-node pattern (locallyConnected2d's chain): tried before single-node importers of the same operator. */
  pattern?: boolean;
  /** A constant per-channel Add right after the node (and its one reader) folds into its bias (conv2d, dense). */
  foldsBias?: boolean;
}

/** The formula text of a node's numbers, written with its own values (explain.ts, the inspector, the CLI). */
export interface Explanation<Line = Message> {
  /** e.g. "params = 5·5·1·6 + 6 = 156"; absent for layers without trainable tensors. */
  params?: Line;
  /** Output size, one line per axis when height and width differ. */
  out: Line[];
  macs?: Line;
  /** e.g. "receptive field = 1 + (5 − 1)·1 = 5"; absent for flat outputs. */
  receptiveField?: Line;
}

export interface ExplainContext {
  params: Params;
  /** The node's analysis: input and output shapes, counts. */
  info: NodeInfo;
  /** The receptive field of the node's first input (null for a flat one or for the input node). */
  inputField: ReceptiveField | null;
}

/**
 * The PyTorch exporter's facet: the kind's lines of the generated model.py (its module, its forward, where its
 * tensors go). The context and result types live with that exporter (src/engine/pytorch/emit.ts).
 */
export type PytorchFacet = PytorchEmitter;

export interface LayerKind<Cache = unknown> extends LayerDef<Cache> {
  onnx: OnnxFacet;
  /** The compiled-training emitter (src/engine/compile); 'graphInput' for the input node, the graph's `x`. */
  compiled: KindEmitter | 'graphInput';
  /** The formulas behind the node's numbers; absent: only the output shape ("out = 6×28×28"). */
  explain?: (c: ExplainContext) => Explanation;
  pytorch?: PytorchFacet;
}
