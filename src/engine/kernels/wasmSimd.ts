/**
 * A WebAssembly SIMD macro-kernel for the GEMM, assembled at load time from the instruction list below, so it
 * is built from this source file with no tool and no binary in the repository.
 *
 * The function `macro(panelsA, panelsB, kc, aPtr, bPtr, cPtr, ldcBytes)` multiplies MR-row panels of packed A
 * (each [kc][MR] float32, k-major) by 8-column panels of packed B (each [kc][8]) and stores every MR×8 tile of the
 * product to C (row-major, ldc floats). Per k it loads two f32x4 halves of B's row, splats each of A's MR
 * values (v128.load32_splat) and does 2·MR f32x4 multiply-adds into 2·MR accumulators that stay in
 * registers (MR = 6: 12 accumulators + 3 temporaries fit x86-64's 16 vector registers).
 *
 * Encodings follow the WebAssembly core spec 2.0, §5 (binary format) and the SIMD proposal's opcode table.
 */

export const SIMD_MR = 6;
export const SIMD_NR = 8;

// Opcodes (core §5.4, SIMD prefix 0xFD with a LEB128 sub-opcode).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const T_I32 = 0x7f;
const T_V128 = 0x7b;
const simd = (op: number) => [0xfd, ...uleb(op)];
const V128_LOAD = 0x00;
const V128_LOAD32_SPLAT = 0x09;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const F32X4_ADD = 0xe4;
const F32X4_MUL = 0xe6;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

/** The macro-kernel's body. Params 0..6: panelsA, panelsB, kc, aPtr, bPtr, cPtr, ldcBytes. */
function macroBody(mr: number): number[] {
  // Locals after the 7 params: i32 q, p, k, ap, bp, bp0, cp; v128 acc[2·mr], a, b0, b1.
  const [KC, A_PTR, B_PTR, C_PTR, LDC] = [2, 3, 4, 5, 6];
  const [Q, P, K, AP, BP, BP0, CP] = [7, 8, 9, 10, 11, 12, 13];
  const ACC = 14;
  const VA = ACC + 2 * mr;
  const VB0 = VA + 1;
  const VB1 = VA + 2;
  const get = (i: number) => [LOCAL_GET, ...uleb(i)];
  const set = (i: number) => [LOCAL_SET, ...uleb(i)];
  const c = (n: number) => [I32_CONST, ...sleb(n)];
  const code: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((x) => code.push(...x));

  emit(c(0), set(Q));
  emit([LOOP, VOID]); // over B panels
  // bp0 = bPtr + q·kc·32
  emit(get(B_PTR), get(Q), get(KC), [I32_MUL], c(32), [I32_MUL], [I32_ADD], set(BP0));
  emit(c(0), set(P));
  emit([LOOP, VOID]); // over A panels
  // ap = aPtr + p·kc·4·mr; bp = bp0
  emit(get(A_PTR), get(P), get(KC), [I32_MUL], c(4 * mr), [I32_MUL], [I32_ADD], set(AP));
  emit(get(BP0), set(BP));
  for (let r = 0; r < 2 * mr; r++) emit(simd(V128_CONST), new Array(16).fill(0), set(ACC + r));
  emit(get(KC), set(K));
  emit([LOOP, VOID]); // over k
  emit(get(BP), simd(V128_LOAD), memarg(4, 0), set(VB0));
  emit(get(BP), simd(V128_LOAD), memarg(4, 16), set(VB1));
  for (let r = 0; r < mr; r++) {
    emit(get(AP), simd(V128_LOAD32_SPLAT), memarg(2, 4 * r), set(VA));
    emit(get(ACC + 2 * r), get(VA), get(VB0), simd(F32X4_MUL), simd(F32X4_ADD), set(ACC + 2 * r));
    emit(get(ACC + 2 * r + 1), get(VA), get(VB1), simd(F32X4_MUL), simd(F32X4_ADD), set(ACC + 2 * r + 1));
  }
  emit(get(AP), c(4 * mr), [I32_ADD], set(AP));
  emit(get(BP), c(32), [I32_ADD], set(BP));
  emit(get(K), c(1), [I32_SUB], set(K));
  emit(c(0), get(K), [I32_LT_U], [BR_IF, 0], [END]);
  // cp = cPtr + p·mr·ldcBytes + q·32
  emit(get(C_PTR), get(P), c(mr), [I32_MUL], get(LDC), [I32_MUL], [I32_ADD], get(Q), c(32), [I32_MUL], [I32_ADD], set(CP));
  for (let r = 0; r < mr; r++) {
    emit(get(CP), get(ACC + 2 * r), simd(V128_STORE), memarg(4, 0));
    emit(get(CP), get(ACC + 2 * r + 1), simd(V128_STORE), memarg(4, 16));
    if (r < mr - 1) emit(get(CP), get(LDC), [I32_ADD], set(CP));
  }
  emit(get(P), c(1), [I32_ADD], set(P));
  emit(get(P), get(0), [I32_LT_U], [BR_IF, 0], [END]);
  emit(get(Q), c(1), [I32_ADD], set(Q));
  emit(get(Q), get(1), [I32_LT_U], [BR_IF, 0], [END]);
  const locals = vec([
    [...uleb(7), T_I32],
    [...uleb(2 * mr + 3), T_V128],
  ]);
  const body = [...locals, ...code, END];
  return [...uleb(body.length), ...body];
}

/** The module's bytes: one memory of `pages` 64 KiB pages, exported as "mem", and the function "macro". */
export function simdModuleBytes(pages: number, mr = SIMD_MR): Uint8Array {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array(7).fill([T_I32])), ...vec([])]])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([
      [...str('mem'), 0x02, ...uleb(0)],
      [...str('macro'), 0x00, ...uleb(0)],
    ])),
    ...section(10, vec([macroBody(mr)])),
  ];
  return new Uint8Array(bytes);
}

export interface SimdKernel {
  memory: { buffer: ArrayBuffer };
  macro: (panelsA: number, panelsB: number, kc: number, aPtr: number, bPtr: number, cPtr: number, ldcBytes: number) => void;
}

/** Minimal typing of the WebAssembly JS API, which the engine's ES2022 lib does not declare. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/** Compiles the kernel, or returns null where WebAssembly or its SIMD is unavailable. */
export function loadSimdKernel(pages: number): SimdKernel | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(simdModuleBytes(pages)), {});
    const { mem, macro } = instance.exports as { mem: SimdKernel['memory']; macro: SimdKernel['macro'] };
    return { memory: mem, macro };
  } catch {
    return null;
  }
}
