/**
 * A small uPlot line chart that follows its container's size and the theme. `data` is uPlot's aligned data:
 * [xs, ...series], null where a series has no point (validation only at epoch ends, gaps spanned).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useUiStore } from '../store/uiStore.ts';

export interface SeriesSpec {
  label: string;
  color: string;
  dash?: number[];
  points?: boolean;
}

interface Props {
  title: string;
  xLabel: string;
  series: SeriesSpec[];
  data: (number | null)[][];
  /** A fixed x range, e.g. [0, epochs] so a live run fills the chart as it goes. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** 'percent' labels y ticks as 0%, 50%, 100% (for values in [0, 1]). */
  yFormat?: 'number' | 'percent';
  testId?: string;
}

/** A y tick that fits the axis: 0.25, 12, 1,500, then 20K, 3.5M, 2.1B for a loss that exploded. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const tickLabel = (v: number) =>
  Math.abs(v) >= 1e4 ? compact.format(v) : v.toLocaleString('en', { maximumFractionDigits: 3 });
const percentLabel = (v: number) => `${Math.round(v * 100)}%`;

/** Pixels between y ticks at least: small charts still get 3–5 labelled lines. */
const Y_TICK_SPACE = 15;

export function LineChart({ title, xLabel, series, data, xRange, yRange, yFormat = 'number', testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useUiStore((s) => s.theme);
  const key = series.map((s) => s.label + s.color).join('|');
  const [x0, x1] = xRange ?? [NaN, NaN];
  const format = yFormat === 'percent' ? percentLabel : tickLabel;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axisColor = theme === 'dark' ? '#9aa4b2' : '#5b6472';
    const grid = theme === 'dark' ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
    const axis = {
      stroke: axisColor,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 4 },
      font: '11px system-ui, sans-serif',
    };
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, el.clientWidth),
      height: 100,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, ...(Number.isFinite(x0) ? { range: [x0, x1] as uPlot.Range.MinMax } : {}) },
        y: yRange ? { range: yRange } : {},
      },
      axes: [
        { ...axis, label: xLabel, size: 22, labelSize: 14, labelGap: 0, labelFont: '11px system-ui, sans-serif' },
        { ...axis, size: 44, space: Y_TICK_SPACE, values: (_u: uPlot, splits: number[]) => splits.map(format) },
      ],
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.6,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? false, size: 5, fill: s.color },
        })),
      ],
    };
    const u = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = u;
    // The title and the legend sit outside uPlot's height: measure them so the whole chart fits its box.
    const fit = () => {
      const extra = [...u.root.children].reduce(
        (sum, c) => (c.classList.contains('u-wrap') ? sum : sum + (c as HTMLElement).offsetHeight),
        0,
      );
      u.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(80, el.clientHeight - extra) });
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series, the axes or the theme change; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, theme, title, xLabel, x0, x1, yRange?.[0], yRange?.[1], yFormat]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  // The canvas says nothing to a screen reader: the chart's name carries each series' latest value.
  const latest = series.map((sp, i) => {
    const ys = data[i + 1] ?? [];
    let k = ys.length - 1;
    while (k >= 0 && ys[k] === null) k--;
    return `${sp.label} ${k < 0 ? '—' : format(ys[k] as number)}`;
  });
  return (
    <div
      className="line-chart"
      ref={box}
      role="img"
      aria-label={`${title}: ${latest.join(', ')}`}
      data-testid={testId}
    />
  );
}
