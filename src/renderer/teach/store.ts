/**
 * State of the teaching views, in one zustand store so lessons can open a view with its state preset and check
 * the user's answer live. Images are not here (they are derived from `source`), except a user's own file.
 */
import { create } from 'zustand';
import type { Boundary, ConvMode, FloatImage } from '../../engine/teach/convolve.ts';
import type { DisplayMode } from '../../engine/teach/display.ts';

export type TeachViewId = 'convolution' | 'stride' | 'pooling' | 'receptive' | 'filters';
export type SceneId = 'checkerboard' | 'shapes' | 'text' | 'curve';
export type PhotoId = 'chelsea' | 'astronaut';
export type SourceId = SceneId | PhotoId | 'mnist' | 'file';

export interface ConvSettings {
  source: SourceId;
  mnistIndex: number;
  /** The user's own image, 0–255 HWC; set when `source` is 'file'. */
  file: (FloatImage & { name: string }) | null;
  /** A named kernel id, or 'custom' for the grid editor. */
  kernelId: string;
  custom: number[][];
  correlate: boolean;
  boundary: Boundary;
  mode: ConvMode;
  display: DisplayMode;
  grey: boolean;
}

export interface StepSettings {
  /** Top-left of the kernel on the curve drawing. */
  y: number;
  x: number;
}

export interface StrideSettings {
  input: number;
  kernel: number;
  stride: number;
  padding: number;
  /** Index of the highlighted window, row-major over the output. */
  position: number;
}

export interface PoolSettings {
  /** 'both': max and average side by side, at stride 2. */
  kind: 'max' | 'avg' | 'both';
  size: number;
  /** Selected output cell (row-major) in the stride-1 and stride-2 panels. */
  selected1: number;
  selected2: number;
}

export interface ReceptiveSettings {
  nodeId: string | null;
  unit: [number, number] | null;
  sampleIndex: number;
}

export interface FilterSettings {
  sampleIndex: number;
  lcNodeId: string | null;
  lcFilter: number;
}

export interface TeachState {
  view: TeachViewId;
  /** The lesson the sidebar shows (0-based), or null. */
  lesson: number | null;
  conv: ConvSettings;
  step: StepSettings;
  stride: StrideSettings;
  pool: PoolSettings;
  receptive: ReceptiveSettings;
  filters: FilterSettings;
  /** Set by the app's view switcher; lessons call it through openView. */
  setView(view: TeachViewId): void;
  setConv(patch: Partial<ConvSettings>): void;
  setStep(patch: Partial<StepSettings>): void;
  setStride(patch: Partial<StrideSettings>): void;
  setPool(patch: Partial<PoolSettings>): void;
  setReceptive(patch: Partial<ReceptiveSettings>): void;
  setFilters(patch: Partial<FilterSettings>): void;
}

export const DEFAULT_CONV: ConvSettings = {
  source: 'shapes',
  mnistIndex: 0,
  file: null,
  kernelId: 'edge3',
  custom: [
    [0, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
  ],
  correlate: false,
  boundary: 'symm',
  mode: 'same',
  display: 'clip',
  grey: false,
};

export const useTeachStore = create<TeachState>((set) => ({
  view: 'convolution',
  lesson: null,
  conv: DEFAULT_CONV,
  step: { y: 0, x: 5 },
  stride: { input: 7, kernel: 3, stride: 1, padding: 0, position: 0 },
  pool: { kind: 'max', size: 2, selected1: 0, selected2: 0 },
  receptive: { nodeId: null, unit: null, sampleIndex: 0 },
  filters: { sampleIndex: 0, lcNodeId: null, lcFilter: 0 },
  setView: (view) => set({ view }),
  setConv: (patch) => set((s) => ({ conv: { ...s.conv, ...patch } })),
  setStep: (patch) => set((s) => ({ step: { ...s.step, ...patch } })),
  setStride: (patch) => set((s) => ({ stride: { ...s.stride, ...patch } })),
  setPool: (patch) => set((s) => ({ pool: { ...s.pool, ...patch } })),
  setReceptive: (patch) => set((s) => ({ receptive: { ...s.receptive, ...patch } })),
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
}));
