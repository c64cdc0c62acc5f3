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
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const I32_CONST = 0x41;
export const F32_CONST = 0x43;
export const I32_LOAD = 0x28;
export const F32_LOAD = 0x2a;
export const F32_STORE = 0x38;
export const I32_EQ = 0x46;
export const I32_LT_S = 0x48;
export const I32_LT_U = 0x49;
export const I32_GT_S = 0x4a;
export const I32_GE_S = 0x4e;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_MUL = 0x6c;
export const I32_AND = 0x71;
export const I32_SHL = 0x74;
export const F32_ADD = 0x92;
export const SELECT = 0x1b;
export const LOOP = 0x03;
export const IF = 0x04;
export const ELSE = 0x05;
export const BR_IF = 0x0d;
export const END = 0x0b;
export const VOID = 0x40;
export const T_I32 = 0x7f;
export const T_F32 = 0x7d;
export const T_V128 = 0x7b;
export const simd = (op: number) => [0xfd, ...uleb(op)];
export const V128_LOAD = 0x00;
const V128_LOAD32_SPLAT = 0x09;
export const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const F32X4_ADD = 0xe4;
const F32X4_MUL = 0xe6;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function sleb(n: number): number[] {
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
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
export const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

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
  emit(
    get(C_PTR),
    get(P),
    c(mr),
    [I32_MUL],
    get(LDC),
    [I32_MUL],
    [I32_ADD],
    get(Q),
    c(32),
    [I32_MUL],
    [I32_ADD],
    set(CP),
  );
  for (let r = 0; r < mr; r++) {
    emit(get(CP), get(ACC + 2 * r), simd(V128_STORE), memarg(4, 0));
    emit(get(CP), get(ACC + 2 * r + 1), simd(V128_STORE), memarg(4, 16));
    if (r < mr - 1) emit(get(CP), get(LDC), [I32_ADD], set(CP));
  }
  emit(get(P), c(1), [I32_ADD], set(P));
  emit(get(P), get(0), [I32_LT_U], [BR_IF, 0], [END]);
  emit(get(Q), c(1), [I32_ADD], set(Q));
  emit(get(Q), get(1), [I32_LT_U], [BR_IF, 0], [END]);
  return functionBody(code, 7, 2 * mr + 3);
}

/** A code entry (core §5.5.13): its locals (i32s, then v128s) and its instructions, size-prefixed. */
export function functionBody(code: number[], i32Locals: number, v128Locals = 0): number[] {
  const locals = vec([[...uleb(i32Locals), T_I32], ...(v128Locals ? [[...uleb(v128Locals), T_V128]] : [])]);
  const body = [...locals, ...code, END];
  return [...uleb(body.length), ...body];
}

/** One exported function: its name, how many i32 params it takes, and its code entry. */
export interface WasmFunction {
  name: string;
  params: number;
  body: number[];
}

/**
 * The module's bytes: one memory of `pages` 64 KiB pages, exported as "mem", the macro-kernel "macro" and the
 * `extra` functions (all params i32, no results).
 */
export function simdModuleBytes(pages: number, mr = SIMD_MR, extra: WasmFunction[] = []): Uint8Array {
  const fns: WasmFunction[] = [{ name: 'macro', params: 7, body: macroBody(mr) }, ...extra];
  const arities = [...new Set(fns.map((f) => f.params))];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(arities.map((n) => [0x60, ...vec(new Array(n).fill([T_I32])), ...vec([])]))),
    ...section(3, vec(fns.map((f) => uleb(arities.indexOf(f.params))))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([[...str('mem'), 0x02, ...uleb(0)], ...fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(fns.map((f) => f.body))),
  ];
  return new Uint8Array(bytes);
}

export interface SimdKernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  macro: (
    panelsA: number,
    panelsB: number,
    kc: number,
    aPtr: number,
    bPtr: number,
    cPtr: number,
    ldcBytes: number,
  ) => void;
  /** The `extra` functions by name. */
  fns: Record<string, (...args: number[]) => void>;
}

/** Minimal typing of the WebAssembly JS API, which the engine's ES2022 lib does not declare. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/** Compiles the kernel, or returns null where WebAssembly or its SIMD is unavailable. */
export function loadSimdKernel(pages: number, extra: WasmFunction[] = []): SimdKernel | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(simdModuleBytes(pages, SIMD_MR, extra)), {});
    const { mem, macro, ...fns } = instance.exports as {
      mem: SimdKernel['memory'];
      macro: SimdKernel['macro'];
    } & SimdKernel['fns'];
    return { memory: mem, macro, fns };
  } catch {
    return null;
  }
}
