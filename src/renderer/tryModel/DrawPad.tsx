/**
 * A 28×28 drawing pad drawn at 8× (white ink on black, like MNIST's digits, strokes about 2 pixels wide at 28×28),
 * which also takes a dropped or chosen image file. Reports the picture as grey values after every stroke.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { greyFromRgba, inverted, isLightBackground, type Grey } from './pixels.ts';

const SIDE = 224;
const BRUSH = 18;

export function DrawPad({ onImage }: { onImage: (g: Grey | null, note?: string) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [over, setOver] = useState(false);

  const clear = useCallback(() => {
    const g = ref.current?.getContext('2d');
    if (!g) return;
    g.fillStyle = '#000';
    g.fillRect(0, 0, SIDE, SIDE);
    onImage(null);
  }, [onImage]);

  useEffect(clear, [clear]);

  const report = (note?: string) => {
    const g = ref.current?.getContext('2d', { willReadFrequently: true });
    if (g) onImage(greyFromRgba(g.getImageData(0, 0, SIDE, SIDE).data, SIDE, SIDE), note);
  };

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * SIDE, y: ((e.clientY - r.top) / r.height) * SIDE };
  };
  const stroke = (to: { x: number; y: number }) => {
    const g = ref.current?.getContext('2d');
    if (!g) return;
    const from = last.current ?? to;
    g.strokeStyle = '#fff';
    g.lineWidth = BRUSH;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.beginPath();
    g.moveTo(from.x, from.y);
    g.lineTo(to.x, to.y);
    g.stroke();
    last.current = to;
  };

  const load = async (file: File) => {
    const canvas = ref.current;
    const g = canvas?.getContext('2d', { willReadFrequently: true });
    if (!g) return;
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      onImage(null, t('tryModel.notImage', { name: file.name }));
      return;
    }
    // Fit the whole image inside the pad, centred, on black.
    const s = Math.min(SIDE / bitmap.width, SIDE / bitmap.height);
    const w = bitmap.width * s;
    const h = bitmap.height * s;
    g.fillStyle = '#000';
    g.fillRect(0, 0, SIDE, SIDE);
    // Enlarged without smoothing: a 28×28 image is then exactly 8×8 blocks, and averaging them back gives its
    // own pixels. Shrinking a large photo smooths as usual.
    g.imageSmoothingEnabled = s < 1;
    g.drawImage(bitmap, (SIDE - w) / 2, (SIDE - h) / 2, w, h);
    g.imageSmoothingEnabled = true;
    let grey = greyFromRgba(g.getImageData(0, 0, SIDE, SIDE).data, SIDE, SIDE);
    let note = t('tryModel.loaded', { name: file.name });
    if (isLightBackground(grey)) {
      // A dark digit on paper: MNIST's digits are white on black, so flip it, and show the flipped picture.
      grey = inverted(grey);
      const rgba = new Uint8ClampedArray(SIDE * SIDE * 4);
      grey.data.forEach((v, i) => rgba.set([v * 255, v * 255, v * 255, 255], i * 4));
      g.putImageData(new ImageData(rgba, SIDE, SIDE), 0, 0);
      note = t('tryModel.loadedInverted', { name: file.name });
    }
    onImage(grey, note);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={ref}
        width={SIDE}
        height={SIDE}
        className={over ? 'is-over' : undefined}
        data-testid="draw-pad"
        aria-label={t('tryModel.padLabel')}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = null;
          stroke(at(e));
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) stroke(at(e));
        }}
        onPointerUp={() => {
          last.current = null;
          report();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      />
      <div className="draw-pad-actions">
        <button type="button" className="btn btn-small" data-testid="pad-clear" onClick={clear}>
          {t('tryModel.clear')}
        </button>
        <label className="btn btn-small">
          {t('tryModel.choose')}
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif,image/bmp"
            data-testid="pad-file"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void load(file);
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </div>
  );
}
