/** The ONNX service (src/main/onnx): export, import, run and check models; shared by the app and the CLI. */
export {
  OnnxService,
  checkOnnx,
  evaluateOnnx,
  exportOnnx,
  importOnnx,
  labelMap,
  splitOf,
  type OnnxEvaluation,
} from './service.ts';
export { modelInfo, runModel, runOnSamples, type ModelInfo, type RunResult } from './runner.ts';
export { diagnoseCuda, openSession, providerOrder, type ConcreteProvider } from './providers.ts';
