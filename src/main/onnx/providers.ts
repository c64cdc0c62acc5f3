/**
 * onnxruntime-node sessions on CPU, CUDA or WebGPU, with the reason in words whenever a provider cannot start.
 *
 * onnxruntime-node 1.30 throws from InferenceSession.create when a provider's libraries are missing, even with
 * 'cpu' listed after it, and its JS error only says "Failed to load shared library" (the detail goes to
 * stderr). So a failed provider is diagnosed here: are the provider files installed (`npm run setup:cuda`
 * fetches them), and which shared library is missing — found by dlopen-ing the provider library ourselves,
 * whose error is the loader's own ("libcudnn.so.9: cannot open shared object file").
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Provider } from '../../shared/api.ts';
import { fallbackEnglish, fallbackMsg, fallbackReasonText, type FallbackMessage } from '../../shared/fallback.ts';

export type ConcreteProvider = Exclude<Provider, 'auto'>;

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider that actually runs the model. */
  provider: ConcreteProvider;
  /** Why a provider before it was skipped, in English; null when the first choice started. */
  fallbackReason: string | null;
  /** The same reasons as codes with arguments (src/shared/fallback.ts), for the app to translate; empty with none. */
  fallback: FallbackMessage[];
}

/** Where onnxruntime-node keeps its native libraries (and where setup:cuda puts the CUDA provider). */
export function ortBinDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
  return join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
}

/** The first missing shared library named in a loader error, e.g. "libcudnn.so.9". */
export function missingLibrary(message: string): string | null {
  const m =
    /([\w.+-]+\.(?:so(?:\.\d+)*|dll|dylib)): cannot open shared object file/.exec(message) ??
    /(?:Library not loaded|could not load|cannot find)[: ]+['"]?([^\s'"]+\.(?:so(?:\.\d+)*|dll|dylib))/i.exec(message);
  return m ? m[1].split('/').pop()! : null;
}

/** Loads a native library only to hear what the loader says; null when it loaded (or is a loadable addon). */
function dlopenProblem(path: string): string | null {
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, path);
    return null;
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    // The library loaded but is not a Node addon: all its dependencies resolved.
    if (/did not self-register|Module did not|napi_register_module/i.test(message)) return null;
    return message;
  }
}

/**
 * Why CUDA cannot start, in words; null when its libraries all load (the failure is elsewhere then). `dir` is
 * where the provider libraries live (onnxruntime-node's bin folder; tests pass another).
 */
export function diagnoseCuda(dir = ortBinDir()): string | null {
  const reason = diagnoseCudaReason(dir);
  return reason && fallbackEnglish(reason);
}

/** diagnoseCuda's reason as a code with arguments. */
export function diagnoseCudaReason(dir = ortBinDir()): FallbackMessage | null {
  if (process.platform !== 'linux' && process.platform !== 'win32')
    return fallbackMsg('fallback.cudaPlatform', { platform: process.platform });
  const ext = process.platform === 'win32' ? 'dll' : 'so';
  const prefix = process.platform === 'win32' ? '' : 'lib';
  const cudaLib = join(dir, `${prefix}onnxruntime_providers_cuda.${ext}`);
  const shared = join(dir, `${prefix}onnxruntime_providers_shared.${ext}`);
  if (!existsSync(cudaLib) || !existsSync(shared)) return fallbackMsg('fallback.cudaNotInstalled');
  for (const lib of [shared, cudaLib]) {
    const problem = dlopenProblem(lib);
    if (!problem) continue;
    const missing = missingLibrary(problem);
    return missing
      ? fallbackMsg('fallback.cudaLibraryMissing', { library: missing })
      : fallbackMsg('fallback.cudaNotLoading', { detail: firstLine(problem) });
  }
  return null;
}

/** Why WebGPU cannot start before trying, where that is knowable (on Linux, Dawn needs the Vulkan loader). */
export function diagnoseWebgpu(): FallbackMessage | null {
  if (process.platform !== 'linux') return null;
  return dlopenProblem('libvulkan.so.1') ? fallbackMsg('fallback.webgpuNoVulkan') : null;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? s
  );
}

/** A readable reason for a provider's failure to create a session, as a code with arguments. */
export function describeFailure(provider: ConcreteProvider, error: unknown): FallbackMessage {
  const detail = firstLine((error as Error)?.message ?? String(error));
  if (provider === 'cuda') {
    const diagnosed = diagnoseCudaReason();
    if (diagnosed) return diagnosed;
    if (/no CUDA-capable device|CUDA driver version is insufficient|cudaErrorNoDevice|CUDA failure 100/i.test(detail))
      return fallbackMsg('fallback.noCudaGpu', { detail });
    return fallbackMsg('fallback.cudaFailed', { detail });
  }
  if (provider === 'webgpu') {
    if (/adapter/i.test(detail)) return fallbackMsg('fallback.webgpuNoAdapter');
    return fallbackMsg('fallback.webgpuFailed', { detail });
  }
  return fallbackMsg('fallback.failed', { detail });
}

/** The providers to try, in order, for a request. `auto` is cuda, then webgpu, then cpu. */
export function providerOrder(requested: Provider): ConcreteProvider[] {
  switch (requested) {
    case 'cpu':
      return ['cpu'];
    case 'cuda':
      return ['cuda', 'cpu'];
    case 'webgpu':
      return ['webgpu', 'cpu'];
    default:
      return ['cuda', 'webgpu', 'cpu'];
  }
}

/** Opens a session on the first provider that starts; graph optimizations on, one intra-op thread per core. */
export async function openSession(
  model: Uint8Array | string,
  requested: Provider = 'auto',
  options: { threads?: number } = {},
): Promise<OpenedSession> {
  const reasons: FallbackMessage[] = [];
  for (const provider of providerOrder(requested)) {
    // A provider whose libraries plainly cannot load is skipped without trying: the attempt only prints native
    // noise on stderr and fails the same way.
    const problem = provider === 'cuda' ? diagnoseCudaReason() : provider === 'webgpu' ? diagnoseWebgpu() : null;
    if (problem) {
      reasons.push(problem);
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(model as Uint8Array, {
        executionProviders: [provider === 'cuda' ? { name: 'cuda', deviceId: 0 } : provider],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: options.threads ?? availableParallelism(),
        logSeverityLevel: 3,
      });
      return { session, provider, fallbackReason: fallbackReasonText(reasons), fallback: reasons };
    } catch (e) {
      if (provider === 'cpu')
        throw new Error(`onnxruntime could not load the model: ${firstLine((e as Error).message ?? String(e))}`);
      reasons.push(describeFailure(provider, e));
    }
  }
  throw new Error(`no provider could run the model: ${reasons.map(fallbackEnglish).join('; ')}`);
}
