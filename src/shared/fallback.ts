/**
 * Why onnxruntime skipped a provider (src/main/onnx/providers.ts), as codes with arguments, in the manner of the
 * engine's messages (src/engine/messages.ts). This table is the English text: the CLI prints it as
 * `fallbackReason`, and the app renders the same code and arguments through i18next (the translations are under
 * `fallback` in src/renderer/i18n/engine/<lng>.json; tests/engine-i18n.test.ts checks every code).
 *
 * Arguments are identifiers that stay as they are in any language: a platform ("darwin"), a library file
 * ("libcudnn.so.9"), or `detail`, the first line of onnxruntime's or the loader's own error, which Convas cannot
 * translate.
 */

const FALLBACK_MESSAGES = {
  'fallback.cudaPlatform': (a: { platform: string }) => `the CUDA provider is not available on ${a.platform}`,
  'fallback.cudaNotInstalled': () => 'CUDA provider not installed — run `npm run setup:cuda`',
  'fallback.cudaLibraryMissing': (a: { library: string }) =>
    `${a.library} not found — install the CUDA 12 and cuDNN 9 runtime libraries, ` +
    'or add their folder to LD_LIBRARY_PATH',
  'fallback.cudaNotLoading': (a: { detail: string }) => `the CUDA provider does not load: ${a.detail}`,
  'fallback.noCudaGpu': (a: { detail: string }) => `no usable NVIDIA GPU: ${a.detail}`,
  'fallback.cudaFailed': (a: { detail: string }) => `CUDA could not start: ${a.detail}`,
  'fallback.webgpuNoVulkan': () =>
    'WebGPU needs Vulkan: libvulkan.so.1 not found (install libvulkan1 and a Vulkan driver)',
  'fallback.webgpuNoAdapter': () => 'WebGPU found no GPU adapter (no Vulkan driver for this GPU?)',
  'fallback.webgpuFailed': (a: { detail: string }) => `WebGPU could not start: ${a.detail}`,
  /** Another provider's error, as onnxruntime words it. */
  'fallback.failed': (a: { detail: string }) => a.detail,
};

export { FALLBACK_MESSAGES };
export type FallbackCode = keyof typeof FALLBACK_MESSAGES;
export type FallbackArgs<C extends FallbackCode> =
  Parameters<(typeof FALLBACK_MESSAGES)[C]> extends [infer A] ? A : undefined;

/** One reason a provider was skipped: its code and arguments. */
export interface FallbackMessage<C extends FallbackCode = FallbackCode> {
  code: C;
  args: Record<string, string>;
}

export function fallbackMsg<C extends FallbackCode>(
  code: C,
  ...args: FallbackArgs<C> extends undefined ? [] : [FallbackArgs<C>]
): FallbackMessage<C> {
  return { code, args: (args[0] ?? {}) as Record<string, string> };
}

/** The English text of one reason. */
export function fallbackEnglish(m: FallbackMessage): string {
  return (FALLBACK_MESSAGES[m.code] as (a: Record<string, string>) => string)(m.args);
}

/** The English text of the reasons, as `fallbackReason` has always joined them; null when there are none. */
export function fallbackReasonText(reasons: readonly FallbackMessage[]): string | null {
  return reasons.length ? reasons.map(fallbackEnglish).join('; ') : null;
}
