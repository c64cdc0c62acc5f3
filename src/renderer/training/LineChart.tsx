/**
 * A small uPlot line chart that follows its container's size and the theme. `data` is uPlot's aligned data:
 * [xs, ...series], null where a series has no point (validation only at epoch ends, gaps spanned).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useUiStore } from '../store/uiStore.ts';

/** Room for uPlot's legend row under the plot (it is laid out after the canvas). */
const LEGEND_PX = 30;

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
  yRange?: [number, number];
  testId?: string;
}

/** A y tick that fits the axis: 0.25, 12, 1,500, then 20K, 3.5M, 2.1B for a loss that exploded. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const tickLabel = (v: number) => (Math.abs(v) >= 1e4 ? compact.format(v) : v.toLocaleString('en', { maximumFractionDigits: 3 }));

export function LineChart({ title, xLabel, series, data, yRange, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useUiStore((s) => s.theme);
  const key = series.map((s) => s.label + s.color).join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axisColor = theme === 'dark' ? '#9aa4b2' : '#5b6472';
    const grid = theme === 'dark' ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
    const axis = { stroke: axisColor, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, el.clientWidth),
      height: Math.max(100, el.clientHeight - LEGEND_PX),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: yRange ? { range: yRange } : {} },
      axes: [{ ...axis, label: xLabel, labelSize: 18, labelFont: '11px system-ui, sans-serif' }, { ...axis, size: 44, values: (_u: uPlot, splits: number[]) => splits.map(tickLabel) }],
      series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.6, dash: s.dash, spanGaps: true, points: { show: s.points ?? false, size: 5, fill: s.color } }))],
    };
    const u = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(100, el.clientHeight - LEGEND_PX) }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series or the theme change; data updates go through setData below.
  }, [key, theme, title, xLabel]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return <div className="line-chart" ref={box} data-testid={testId} />;
}
