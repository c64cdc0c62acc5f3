/**
 * Measures the host↔device transfer part of a compiled step: a graph with the step's inputs (batch, θ,
 * optimizer state, running statistics) that returns each of θ, the optimizer state and the running statistics
 * negated (Neg keeps the work on the device; Identity could be folded away), plus a scalar from the batch. Run
 * on the step's provider it moves the same bytes as a step and computes next to nothing, so its time is the
 * copy cost (plus one run's fixed overhead).
 */
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { CompiledLayout } from '../../engine/compile/index.js';
import {
  DataType,
  encodeModel,
  makeGraph,
  makeModel,
  makeNode,
  makeTensorValueInfo,
} from '../../engine/onnx/builder.js';
import { sizeOf } from '../../engine/kernels/scratch.js';
import { openSession, type ConcreteProvider } from '../onnx/providers.js';

export async function copyProbe(
  layout: CompiledLayout,
  provider: ConcreteProvider,
  batch: number,
  repeats: number,
  threads?: number,
): Promise<{ ms: number; bytes: number }> {
  const vectors: [string, number[]][] = [
    ['theta', [layout.thetaLength]],
    ...layout.optimizerState.map((s) => [s.input, [layout.thetaLength]] as [string, number[]]),
    ...layout.state.map((s) => [s.input, s.shape] as [string, number[]]),
  ];
  const xShape = [batch, ...layout.inputShape];
  const nodes = [
    makeNode('ReduceMax', ['x'], ['xmax'], 'xmax', { keepdims: 0 }),
    ...vectors.map(([name]) => makeNode('Neg', [name], [`${name}.out`], `${name}.out`)),
  ];
  const inputs = [
    makeTensorValueInfo('x', DataType.FLOAT, xShape),
    ...vectors.map(([name, shape]) => makeTensorValueInfo(name, DataType.FLOAT, shape)),
  ];
  const outputs = [
    makeTensorValueInfo('xmax', DataType.FLOAT, []),
    ...vectors.map(([name, shape]) => makeTensorValueInfo(`${name}.out`, DataType.FLOAT, shape)),
  ];
  const { session } = await openSession(
    encodeModel(makeModel(makeGraph(nodes, 'copy-probe', inputs, outputs))),
    provider,
    { threads },
  );
  const feeds: Record<string, ort.Tensor> = { x: new ort.Tensor('float32', new Float32Array(sizeOf(xShape)), xShape) };
  for (const [name, shape] of vectors) feeds[name] = new ort.Tensor('float32', new Float32Array(sizeOf(shape)), shape);
  const bytes = 4 * (sizeOf(xShape) + 2 * vectors.reduce((a, [, s]) => a + sizeOf(s), 0));
  for (let i = 0; i < 3; i++) await session.run(feeds);
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) await session.run(feeds);
  const ms = (performance.now() - t0) / repeats;
  await session.release();
  return { ms, bytes };
}
