/**
 * WebAssembly versions of the implicit-im2col packers and the col2im store (convPack.ts has the JS ones and
 * the meaning of the tables), assembled like the GEMM macro-kernel (wasmSimd.ts). Pointers are byte addresses in
 * the kernel's memory; indices count elements. The panels are 8 wide (the SIMD core's NR).
 *
 *   packPatches(dst, xp, pos, elem, run, j0, cols, k0, kc): op(B) = patches, rows = positions j0.., k = elements;
 *     a panel of 8 consecutive pixels (run ≥ 8) is two v128 copies per k, others are gathered.
 *   packPatchesT(dst, xp, pos, elem, n0, rows, k0, kc): op(B) = patchesᵀ, rows = elements n0.., k = positions.
 *   col2imAdd(blk, ldcBytes, i0, mc, j0, nc, dxp, pos, elem): dxp[elem[i0 + a] + pos[j0 + b]] += blk[a, b].
 */
import {
  BR_IF,
  ELSE,
  END,
  F32_ADD,
  F32_CONST,
  F32_LOAD,
  F32_STORE,
  functionBody,
  I32_ADD,
  I32_AND,
  I32_CONST,
  I32_EQ,
  I32_GE_S,
  I32_GT_S,
  I32_LOAD,
  I32_LT_S,
  I32_SHL,
  I32_SUB,
  IF,
  LOCAL_GET,
  LOCAL_SET,
  LOOP,
  memarg,
  SELECT,
  simd,
  sleb,
  T_F32,
  uleb,
  V128_LOAD,
  V128_STORE,
  VOID,
  type WasmFunction,
} from './wasmSimd.js';

const get = (i: number) => [LOCAL_GET, ...uleb(i)];
const set = (i: number) => [LOCAL_SET, ...uleb(i)];
const c = (n: number) => [I32_CONST, ...sleb(n)];
/** i32.load of table[index]: table + index·4. */
const loadAt = (table: number[], index: number[]) => [
  ...table,
  ...index,
  ...c(2),
  I32_SHL,
  I32_ADD,
  I32_LOAD,
  ...memarg(2, 0),
];
/** base + (value << 2): a float's byte address. */
const addr = (base: number[], value: number[]) => [...base, ...value, ...c(2), I32_SHL, I32_ADD];
const inc = (i: number, by: number) => [...get(i), ...c(by), I32_ADD, ...set(i)];
const loopWhile = (body: number[], i: number, limit: number[]) => [
  LOOP,
  VOID,
  ...body,
  ...get(i),
  ...limit,
  I32_LT_S,
  BR_IF,
  0,
  END,
];
/** n = min(8, v) */
const min8 = (v: number[], n: number) => [
  ...v,
  ...set(n),
  ...c(8),
  ...get(n),
  ...get(n),
  ...c(8),
  I32_GT_S,
  SELECT,
  ...set(n),
];
/** f32.store(dst + s·4, s < n ? f32.load(gather) : 0) */
const storeOrZero = (dst: number, s: number, n: number, gather: number[]) => [
  ...addr(get(dst), get(s)),
  ...get(s),
  ...get(n),
  I32_LT_S,
  IF,
  T_F32,
  ...gather,
  F32_LOAD,
  ...memarg(2, 0),
  ELSE,
  F32_CONST,
  0,
  0,
  0,
  0,
  END,
  F32_STORE,
  ...memarg(2, 0),
];

/** Unrolled: f32.store(dst + 4s, f32.load(base + (i32.load(table + 4s) << 2))) for s = 0..7. */
const gather8 = (dst: number, base: number, table: number) =>
  Array.from({ length: 8 }, (_, s) => [
    ...get(dst),
    ...get(base),
    ...get(table),
    I32_LOAD,
    ...memarg(2, 4 * s),
    ...c(2),
    I32_SHL,
    I32_ADD,
    F32_LOAD,
    ...memarg(2, 0),
    F32_STORE,
    ...memarg(2, 4 * s),
  ]).flat();

function packPatches(): WasmFunction {
  const [DST, XP, POS, ELEM, RUN, J0, COLS, K0, KC] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [P0, END_, N, K, KEND, BASE, SRC, S, TB] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
  const code = [
    ...get(J0),
    ...get(COLS),
    I32_ADD,
    ...set(END_),
    ...get(K0),
    ...get(KC),
    I32_ADD,
    ...set(KEND),
    ...get(J0),
    ...set(P0),
    ...loopWhile(
      [
        ...min8([...get(END_), ...get(P0), I32_SUB], N),
        ...get(K0),
        ...set(K),
        ...get(N),
        ...c(8),
        I32_EQ,
        ...loadAt(get(RUN), get(P0)),
        ...c(8),
        I32_GE_S,
        I32_AND,
        IF,
        VOID,
        ...addr(get(XP), loadAt(get(POS), get(P0))),
        ...set(BASE),
        ...loopWhile(
          [
            ...addr(get(BASE), loadAt(get(ELEM), get(K))),
            ...set(SRC),
            ...get(DST),
            ...get(SRC),
            ...simd(V128_LOAD),
            ...memarg(2, 0),
            ...simd(V128_STORE),
            ...memarg(2, 0),
            ...get(DST),
            ...get(SRC),
            ...simd(V128_LOAD),
            ...memarg(2, 16),
            ...simd(V128_STORE),
            ...memarg(2, 16),
            ...inc(DST, 32),
            ...inc(K, 1),
          ],
          K,
          get(KEND),
        ),
        ELSE,
        ...addr(get(POS), get(P0)),
        ...set(TB),
        ...get(N),
        ...c(8),
        I32_EQ,
        IF,
        VOID,
        // A full panel across a row boundary: eight gathers, unrolled.
        ...loopWhile(
          [
            ...addr(get(XP), loadAt(get(ELEM), get(K))),
            ...set(BASE),
            ...gather8(DST, BASE, TB),
            ...inc(DST, 32),
            ...inc(K, 1),
          ],
          K,
          get(KEND),
        ),
        ELSE,
        ...loopWhile(
          [
            ...addr(get(XP), loadAt(get(ELEM), get(K))),
            ...set(BASE),
            ...c(0),
            ...set(S),
            ...loopWhile(
              [
                ...storeOrZero(DST, S, N, addr(get(BASE), loadAt(get(POS), [...get(P0), ...get(S), I32_ADD]))),
                ...inc(S, 1),
              ],
              S,
              c(8),
            ),
            ...inc(DST, 32),
            ...inc(K, 1),
          ],
          K,
          get(KEND),
        ),
        END,
        END,
        ...inc(P0, 8),
      ],
      P0,
      get(END_),
    ),
  ];
  return { name: 'packPatches', params: 9, body: functionBody(code, 9) };
}

function packPatchesT(): WasmFunction {
  const [DST, XP, POS, ELEM, N0, ROWS, K0, KC] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [E0, END_, N, Q, QEND, O, S, TB] = [8, 9, 10, 11, 12, 13, 14, 15];
  const code = [
    ...get(N0),
    ...get(ROWS),
    I32_ADD,
    ...set(END_),
    ...get(K0),
    ...get(KC),
    I32_ADD,
    ...set(QEND),
    ...get(N0),
    ...set(E0),
    ...loopWhile(
      [
        ...min8([...get(END_), ...get(E0), I32_SUB], N),
        ...get(K0),
        ...set(Q),
        ...addr(get(ELEM), get(E0)),
        ...set(TB),
        ...get(N),
        ...c(8),
        I32_EQ,
        IF,
        VOID,
        // A full panel: eight gathers per position, unrolled.
        ...loopWhile(
          [
            ...addr(get(XP), loadAt(get(POS), get(Q))),
            ...set(O),
            ...gather8(DST, O, TB),
            ...inc(DST, 32),
            ...inc(Q, 1),
          ],
          Q,
          get(QEND),
        ),
        ELSE,
        ...loopWhile(
          [
            ...addr(get(XP), loadAt(get(POS), get(Q))),
            ...set(O),
            ...c(0),
            ...set(S),
            ...loopWhile(
              [
                ...storeOrZero(DST, S, N, addr(get(O), loadAt(get(ELEM), [...get(E0), ...get(S), I32_ADD]))),
                ...inc(S, 1),
              ],
              S,
              c(8),
            ),
            ...inc(DST, 32),
            ...inc(Q, 1),
          ],
          Q,
          get(QEND),
        ),
        END,
        ...inc(E0, 8),
      ],
      E0,
      get(END_),
    ),
  ];
  return { name: 'packPatchesT', params: 8, body: functionBody(code, 8) };
}

function col2imAdd(): WasmFunction {
  const [BLK, LDC, I0, MC, J0, NC, DXP, POS, ELEM] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [A, E, SRC, B, AD] = [9, 10, 11, 12, 13];
  const code = [
    ...c(0),
    ...set(A),
    ...get(BLK),
    ...set(SRC),
    ...loopWhile(
      [
        ...addr(get(DXP), loadAt(get(ELEM), [...get(I0), ...get(A), I32_ADD])),
        ...set(E),
        ...c(0),
        ...set(B),
        ...loopWhile(
          [
            ...addr(get(E), loadAt(get(POS), [...get(J0), ...get(B), I32_ADD])),
            ...set(AD),
            ...get(AD),
            ...get(AD),
            F32_LOAD,
            ...memarg(2, 0),
            ...addr(get(SRC), get(B)),
            F32_LOAD,
            ...memarg(2, 0),
            F32_ADD,
            F32_STORE,
            ...memarg(2, 0),
            ...inc(B, 1),
          ],
          B,
          get(NC),
        ),
        ...get(SRC),
        ...get(LDC),
        I32_ADD,
        ...set(SRC),
        ...inc(A, 1),
      ],
      A,
      get(MC),
    ),
  ];
  return { name: 'col2imAdd', params: 9, body: functionBody(code, 5) };
}

export const PATCH_FUNCTIONS = (): WasmFunction[] => [packPatches(), packPatchesT(), col2imAdd()];
