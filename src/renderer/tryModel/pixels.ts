/**
 * From what the user drew or dropped to the network's input: area-average resampling to the input's size, grey
 * or RGB to match its channels, and white-on-black as MNIST's digits are (a dark-on-light image is inverted).
 */

/** A grey image, values in [0, 1], row-major. */
export interface Grey {
  data: Float32Array;
  height: number;
  width: number;
}

/**
 * Resamples by area averaging: each output pixel is the mean of the source area it covers (fractional pixels
 * weighted by their covered share), so a thin stroke keeps its ink instead of vanishing between samples.
 */
export function resample(src: Grey, height: number, width: number): Grey {
  if (src.height === height && src.width === width) return src;
  const out = new Float32Array(height * width);
  const sy = src.height / height;
  const sx = src.width / width;
  for (let oy = 0; oy < height; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < width; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), src.height); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), src.width); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wy * wx * src.data[y * src.width + x];
        }
      }
      out[oy * width + ox] = sum / (sy * sx);
    }
  }
  return { data: out, height, width };
}

/** RGBA bytes (canvas ImageData) to grey in [0, 1]: the mean of R, G and B, over black where transparent. */
export function greyFromRgba(rgba: Uint8ClampedArray | Uint8Array, height: number, width: number): Grey {
  const data = new Float32Array(height * width);
  for (let i = 0; i < data.length; i++) {
    const a = rgba[i * 4 + 3] / 255;
    data[i] = (a * (rgba[i * 4] + rgba[i * 4 + 1] + rgba[i * 4 + 2])) / (3 * 255);
  }
  return { data, height, width };
}

/** Whether the image is mostly light (a dark digit on paper): its mean is above one half. */
export function isLightBackground(g: Grey): boolean {
  let sum = 0;
  for (const v of g.data) sum += v;
  return sum / g.data.length > 0.5;
}

export function inverted(g: Grey): Grey {
  return { ...g, data: g.data.map((v) => 1 - v) };
}

/** The CHW input of `shape` ([C, H, W], C = 1 or 3): resampled, the grey repeated in every channel. */
export function toInput(g: Grey, shape: readonly number[]): Float32Array {
  const [c, h, w] = shape;
  const r = resample(g, h, w);
  const out = new Float32Array(c * h * w);
  for (let ch = 0; ch < c; ch++) out.set(r.data, ch * h * w);
  return out;
}

/** Softmax, max-subtracted for stability; a vector that is already a distribution is returned as it is. */
export function probabilities(values: ArrayLike<number>, isSoftmax: boolean): number[] {
  const v = Array.from(values);
  if (isSoftmax) return v;
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
