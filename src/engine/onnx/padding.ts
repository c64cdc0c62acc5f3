/**
 * ONNX window attributes (auto_pad, pads, strides, kernel_shape) → a Convas padding. Convas pads either "same"
 * (= ONNX SAME_UPPER: out = ⌈in / stride⌉, the odd pixel at the end) or the same number of pixels on every side.
 * Anything else has no Convas equivalent and is refused with a message naming the node.
 */
import { padAmounts } from '../layers/geometry.js';
import type { Padding } from '../types.js';

export function paddingFromOnnx(
  label: string,
  attrs: { auto_pad?: string; pads?: number[] },
  input: [number, number],
  kernel: [number, number],
  stride: [number, number],
): Padding {
  const same = [0, 1].map((ax) => padAmounts('same', input[ax], kernel[ax], stride[ax]));
  const autoPad = attrs.auto_pad || 'NOTSET';
  if (autoPad === 'SAME_UPPER') return 'same';
  if (autoPad === 'VALID') return 'valid';
  let pads: number[];
  if (autoPad === 'SAME_LOWER') {
    // SAME_LOWER puts the odd pixel at the start; it equals SAME_UPPER only when the total padding is even.
    pads = [same[0][1], same[1][1], same[0][0], same[1][0]];
  } else if (autoPad === 'NOTSET') {
    pads = attrs.pads ?? [0, 0, 0, 0];
  } else {
    throw new Error(`${label}: auto_pad "${autoPad}" is not an ONNX value`);
  }
  if (pads.length !== 4) throw new Error(`${label}: pads [${pads.join(', ')}] should have 4 values for a 2-D window`);
  const [top, left, bottom, right] = pads;
  if (
    top === same[0][0] &&
    bottom === same[0][1] &&
    left === same[1][0] &&
    right === same[1][1] &&
    pads.some((p) => p !== 0)
  )
    return 'same';
  if (pads.every((p) => p === top)) return top === 0 ? 'valid' : top;
  throw new Error(
    `${label}: padding [top ${top}, left ${left}, bottom ${bottom}, right ${right}]` +
      `${autoPad === 'SAME_LOWER' ? ' (SAME_LOWER)' : ''} has no Convas equivalent — ` +
      `Convas pads the same amount on every side, or "same" with any odd pixel at the end (SAME_UPPER)`,
  );
}
