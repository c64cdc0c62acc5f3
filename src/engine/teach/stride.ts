/**
 * Window positions of a sliding kernel (conv or pool) over an input grid, and the output-size formula written
 * out with the chosen numbers. Uses the engine's own window arithmetic (layers/geometry.ts), so the numbers
 * the views show are the numbers the layers use.
 */
import { windowOf, type Window } from '../layers/geometry.js';
import type { Padding } from '../types.js';

export interface WindowPosition {
  /** Output unit. */
  oy: number;
  ox: number;
  /** Top-left of the window in input coordinates; negative inside the top/left padding. */
  y: number;
  x: number;
  height: number;
  width: number;
}

export function windowGeometry(inH: number, inW: number, kernel: number, stride: number, padding: Padding): Window {
  return windowOf(inH, inW, [kernel, kernel], [stride, stride], padding);
}

/** All window positions in row-major output order. */
export function windowPositions(win: Window): WindowPosition[] {
  const out: WindowPosition[] = [];
  for (let oy = 0; oy < win.out[0]; oy++) {
    for (let ox = 0; ox < win.out[1]; ox++) {
      out.push({
        oy,
        ox,
        y: oy * win.stride[0] - win.padsBegin[0],
        x: ox * win.stride[1] - win.padsBegin[1],
        height: win.kernel[0],
        width: win.kernel[1],
      });
    }
  }
  return out;
}

/**
 * One axis of the output-size formula, ⌊(n + p_begin + p_end − k) / s⌋ + 1, with its numbers:
 * `⌊(28 + 2·2 − 5)/1⌋ + 1 = 28`, or `⌊(5 + 0 + 1 − 2)/2⌋ + 1 = 3` for uneven "same" padding.
 */
export function outputSizeFormula(n: number, k: number, s: number, pads: [number, number]): string {
  const out = Math.floor((n + pads[0] + pads[1] - k) / s) + 1;
  const padText = pads[0] === pads[1] ? (pads[0] === 0 ? '' : ` + 2·${pads[0]}`) : ` + ${pads[0]} + ${pads[1]}`;
  return `⌊(${n}${padText} − ${k})/${s}⌋ + 1 = ${out}`;
}

/** The general formula, for the line above the numbers. */
export const OUTPUT_SIZE_FORMULA = '⌊(n + 2p − k)/s⌋ + 1';
