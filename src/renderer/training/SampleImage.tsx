/** Draws one CHW float image (pixels in [0, 1]) on a canvas, grey or RGB. */
import { memo, useEffect, useRef } from 'react';

export const SampleImage = memo(function SampleImage({
  pixels,
  shape,
  size = 56,
}: {
  pixels: number[];
  shape: [number, number, number];
  size?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const [ch, h, w] = shape;
    const img = ctx.createImageData(w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const v = (k: number) => Math.round(255 * Math.min(1, Math.max(0, pixels[(ch === 3 ? k : 0) * h * w + i])));
        img.data.set([v(0), v(1), v(2), 255], i * 4);
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, shape]);
  return (
    <canvas
      ref={ref}
      width={shape[2]}
      height={shape[1]}
      style={{ width: size, height: size }}
      className="sample-canvas"
    />
  );
});
