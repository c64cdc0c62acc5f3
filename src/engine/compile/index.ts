/** Compiled training: a document → one ONNX training-step graph and one evaluation graph. See compile.ts. */
export { compileEvaluation, compileGradientStep, compileTrainingStep, CompileError, layoutOf } from './compile.js';
export type {
  CompiledGraph,
  CompiledLayout,
  CompileOptions,
  GraphOptions,
  DropoutEntry,
  ParamEntry,
  StateEntry,
} from './compile.js';
