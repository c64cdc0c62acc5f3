/**
 * ITU-R BT.601 luma, Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′, on the 8-bit values as read (no rounding, no linearising).
 */
import type { FloatImage, Image } from './convolve.js';

export const LUMA_601: readonly [number, number, number] = [0.299, 0.587, 0.114];

/** One channel out; a grey image passes through, an RGBA image ignores alpha. */
export function toGrey(image: Image): FloatImage {
  const { height, width, channels } = image;
  const n = height * width;
  const data = new Float32Array(n);
  if (channels < 3) {
    for (let i = 0; i < n; i++) data[i] = image.data[i * channels];
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * channels;
      data[i] = LUMA_601[0] * image.data[o] + LUMA_601[1] * image.data[o + 1] + LUMA_601[2] * image.data[o + 2];
    }
  }
  return { data, height, width, channels: 1 };
}
