/** Small shared pieces of the teaching views: an image canvas, labelled selects and number grids. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Image } from '../../engine/teach/convolve.ts';
import { toBytes, type DisplayMode } from '../../engine/teach/display.ts';

export interface Highlight {
  y: number;
  x: number;
  height: number;
  width: number;
  colour?: string;
}

/**
 * Draws an HWC image (1 or 3 channels, any float range) scaled up with crisp pixels, through `toBytes` so the
 * screen shows exactly the display mode's bytes.
 */
/** Inferno-like stops for heat maps: dark purple for small values, pale yellow for large ones. */
const HEAT: [number, number, number][] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];
function heat(v: number): [number, number, number] {
  const t = (v / 255) * (HEAT.length - 1);
  const i = Math.min(Math.floor(t), HEAT.length - 2);
  const f = t - i;
  return [0, 1, 2].map((c) => Math.round(HEAT[i][c] + (HEAT[i + 1][c] - HEAT[i][c]) * f)) as [number, number, number];
}

export function ImageCanvas(props: {
  image: Image;
  display?: DisplayMode;
  colormap?: 'grey' | 'heat';
  scale?: number;
  maxSide?: number;
  highlights?: Highlight[];
  testId?: string;
  label?: string;
  onHover?: (y: number, x: number) => void;
}) {
  const { image, display = 'clip', highlights = [] } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = props.scale ?? Math.max(1, Math.floor((props.maxSide ?? 256) / Math.max(image.height, image.width)));
  useEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext('2d');
    if (!canvas || !g) return;
    const { height, width, channels } = image;
    const bytes = toBytes(image.data, display);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      if (props.colormap === 'heat' && channels === 1) rgba.set(heat(bytes[i]), i * 4);
      else for (let c = 0; c < 3; c++) rgba[i * 4 + c] = bytes[i * channels + (channels >= 3 ? c : 0)];
      rgba[i * 4 + 3] = 255;
    }
    const src = document.createElement('canvas');
    src.width = width;
    src.height = height;
    src.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
    canvas.width = width * scale;
    canvas.height = height * scale;
    g.imageSmoothingEnabled = false;
    g.drawImage(src, 0, 0, width * scale, height * scale);
    for (const h of highlights) {
      g.strokeStyle = h.colour ?? '#ffb000';
      g.lineWidth = 2;
      g.strokeRect(h.x * scale + 1, h.y * scale + 1, h.width * scale - 2, h.height * scale - 2);
    }
  }, [image, display, scale, highlights, props.colormap]);
  return (
    <canvas
      ref={ref}
      className="teach-canvas"
      data-testid={props.testId}
      aria-label={props.label}
      data-height={image.height}
      data-width={image.width}
      onMouseMove={
        props.onHover
          ? (e) => {
              const r = e.currentTarget.getBoundingClientRect();
              const x = Math.floor(((e.clientX - r.left) / r.width) * image.width);
              const y = Math.floor(((e.clientY - r.top) / r.height) * image.height);
              if (y >= 0 && x >= 0 && y < image.height && x < image.width) props.onHover!(y, x);
            }
          : undefined
      }
    />
  );
}

export function Field(props: { label: string; children: ReactNode }) {
  return (
    <label className="teach-field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export function Select<T extends string>(props: {
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
  testId?: string;
  label: string;
}) {
  return (
    <Field label={props.label}>
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** An integer field that lets the user type freely; only a whole number within [min, max] is applied. */
export function NumberInput(props: {
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  testId?: string;
  label: string;
}) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const valid = (s: string) =>
    s.trim() !== '' && Number.isInteger(Number(s)) && Number(s) >= props.min && Number(s) <= props.max;
  return (
    <Field label={props.label}>
      <input
        type="number"
        data-testid={props.testId}
        value={text}
        min={props.min}
        max={props.max}
        aria-invalid={!valid(text)}
        className={valid(text) ? undefined : 'teach-invalid'}
        onChange={(e) => {
          setText(e.target.value);
          if (valid(e.target.value)) props.onChange(Number(e.target.value));
        }}
        onBlur={() => setText(String(props.value))}
      />
    </Field>
  );
}

/** Formats a number for a grid cell: integers as they are, others to 3 significant digits. */
export function fmtCell(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** A matrix of numbers as a table; `mark` returns a class for a cell. */
export function NumberGrid(props: {
  rows: readonly (readonly number[])[];
  testId?: string;
  mark?: (i: number, j: number) => string | undefined;
  onCell?: (i: number, j: number) => void;
  /** Whether hovering a cell also calls onCell (default yes). */ hover?: boolean;
  caption?: string;
}) {
  return (
    <table className="teach-grid" data-testid={props.testId}>
      {props.caption && <caption>{props.caption}</caption>}
      <tbody>
        {props.rows.map((r, i) => (
          <tr key={i}>
            {r.map((v, j) => (
              <td
                key={j}
                className={props.mark?.(i, j)}
                onMouseEnter={props.onCell && props.hover !== false ? () => props.onCell!(i, j) : undefined}
                onClick={props.onCell ? () => props.onCell!(i, j) : undefined}
                data-i={i}
                data-j={j}
              >
                {fmtCell(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
