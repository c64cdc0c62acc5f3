/**
 * Provider fallback in words. No test needs a GPU: on a machine without one (or without the CUDA provider files)
 * every request still runs on CPU and says why; the missing-library message is checked against real loader
 * errors from small shared libraries built here when a C compiler is present.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnxBytes } from '../src/engine/onnx/export.js';
import {
  diagnoseCuda,
  diagnoseCudaReason,
  missingLibrary,
  openSession,
  providerOrder,
} from '../src/main/onnx/providers.js';
import { runModel } from '../src/main/onnx/runner.js';
import { fallbackReasonText } from '../src/shared/fallback.js';
import { example, randomInput } from './onnx-util.js';

const dir = mkdtempSync(join(tmpdir(), 'convas-providers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasCompiler(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('providers', () => {
  it('auto tries cuda, then webgpu, then cpu; a named GPU provider falls back to cpu', () => {
    expect(providerOrder('auto')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(providerOrder('cuda')).toEqual(['cuda', 'cpu']);
    expect(providerOrder('webgpu')).toEqual(['webgpu', 'cpu']);
    expect(providerOrder('cpu')).toEqual(['cpu']);
  });

  it('reads the missing library out of loader errors', () => {
    expect(missingLibrary('libcudnn.so.9: cannot open shared object file: No such file or directory')).toBe(
      'libcudnn.so.9',
    );
    expect(missingLibrary('/x/y/libcublasLt.so.12: cannot open shared object file: No such file or directory')).toBe(
      'libcublasLt.so.12',
    );
    expect(missingLibrary('something else')).toBeNull();
  });

  it('says the CUDA provider is not installed when its files are absent', () => {
    expect(diagnoseCuda(join(dir, 'empty'))).toBe('CUDA provider not installed — run `npm run setup:cuda`');
    expect(diagnoseCudaReason(join(dir, 'empty'))).toEqual({ code: 'fallback.cudaNotInstalled', args: {} });
  });

  it.runIf(process.platform === 'linux' && hasCompiler())('names the library the CUDA provider cannot find', () => {
    // A stand-in provider that needs libcudnn.so.9, linked against a stub that is deleted afterwards.
    writeFileSync(join(dir, 'stub.c'), 'int cudnn_stub(void){return 1;}\n');
    writeFileSync(join(dir, 'prov.c'), 'extern int cudnn_stub(void); int provider(void){return cudnn_stub();}\n');
    writeFileSync(join(dir, 'shared.c'), 'int shared(void){return 0;}\n');
    const cc = (...args: string[]) => execFileSync('cc', args, { cwd: dir, stdio: 'ignore' });
    cc('-shared', '-fPIC', '-o', 'libcudnn.so.9', 'stub.c', '-Wl,-soname,libcudnn.so.9');
    cc('-shared', '-fPIC', '-o', 'libonnxruntime_providers_cuda.so', 'prov.c', '-L.', '-l:libcudnn.so.9');
    cc('-shared', '-fPIC', '-o', 'libonnxruntime_providers_shared.so', 'shared.c');
    rmSync(join(dir, 'libcudnn.so.9'));
    expect(diagnoseCuda(dir)).toMatch(/^libcudnn\.so\.9 not found — /);
    expect(diagnoseCudaReason(dir)).toEqual({
      code: 'fallback.cudaLibraryMissing',
      args: { library: 'libcudnn.so.9' },
    });
  });

  it('always reports the provider that ran, and why it is not the one asked for', async () => {
    const doc = example('lenet5');
    const bytes = exportOnnxBytes(doc);
    const { x, dims } = randomInput(doc, 2, 1);
    const cpu = await runModel(bytes, { data: x, dims }, { provider: 'cpu' });
    expect(cpu).toMatchObject({ provider: 'cpu', fallbackReason: null, fallback: [] });
    for (const provider of ['auto', 'cuda', 'webgpu'] as const) {
      const r = await runModel(bytes, { data: x, dims }, { provider });
      expect(['cpu', 'cuda', 'webgpu']).toContain(r.provider);
      if (r.provider === 'cpu') expect(r.fallbackReason).toMatch(/CUDA|WebGPU|Vulkan|GPU/);
      // The coded reasons say the same as the English the CLI prints.
      expect(fallbackReasonText(r.fallback)).toBe(r.fallbackReason);
      expect(Array.from(r.output.data).every(Number.isFinite)).toBe(true);
    }
  });

  it('a model onnxruntime cannot load is one readable error', async () => {
    await expect(openSession(new Uint8Array([8, 1, 18, 0]), 'cpu')).rejects.toThrow(
      /onnxruntime could not load the model/,
    );
  });
});
