/**
 * The one typed API the renderer talks to (Netron's host pattern). The preload implements it over Electron IPC,
 * browser mode over a WebSocket; both are served by the same services in src/main. Channel names are
 * `domain:verb`. Every request is validated in main against the zod schemas in ./schemas.ts.
 *
 * To add a channel: add it to ApiRequests (or ApiEvents), to the schemas, to the preload, and to the handler
 * table in src/main/ipc. Nothing else.
 */
import type { GraphDocument, RunRecord, TrainingSettings, EpochMetrics } from '../engine/document.js';
import type { FallbackMessage } from './fallback.js';

/** The onnxruntime execution providers a run may ask for; 'auto' takes the first that starts (cuda, webgpu, cpu). */
export const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type Backend = 'auto' | 'engine' | 'onnxruntime';

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  /** The folder browser mode's in-page file pickers show. */
  documentsDir: string;
  /** The OS locale, e.g. "en-US" or "zh-CN". */
  locale: string;
  /** Whether native dialogs exist (Electron). Without them the renderer shows its own picker over fs:list. */
  nativeDialogs: boolean;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface FileEntry {
  name: string;
  path: string;
  isDirectory: boolean;
  size: number;
  modified: string;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface DatasetInfo {
  id: string;
  name: string;
  shape: [number, number, number];
  classes: string[];
  trainCount: number;
  testCount: number;
}

export interface DatasetRef {
  /** A built-in dataset's name ("mnist", "shapes") or a folder's path (src/engine/datasets/registry.ts). */
  dataset: string;
  /** The size and channels the input node wants: shapes are drawn and folder images resized to it. */
  channels?: number;
  height?: number;
  width?: number;
}

export interface SampleImages {
  /** Each image is float32 pixels in [0, 1], CHW, as a plain array. */
  images: { pixels: number[]; label: number; predicted?: number; probabilities?: number[] }[];
  shape: [number, number, number];
  classes: string[];
}

export interface TrainStartRequest {
  document: GraphDocument;
  settings: TrainingSettings;
  backend?: Backend;
  provider?: Provider;
  threads?: number;
  /** 'fresh' (default): new weights from the seed; 'continue': start from the document's stored weights. */
  initialize?: 'fresh' | 'continue';
}

export type TrainEvent =
  | {
      type: 'started';
      runId: string;
      totalBatches: number;
      epochs: number;
      backend: string;
      provider: string;
      memoryBytes: number;
      /** CPU threads that compute each step (a share of the batch each, or onnxruntime's operators'); none on a GPU. */
      threads?: number;
      /** Why a requested provider was skipped (onnxruntime backend), in English. */
      fallbackReason?: string;
      /** The provider's reasons as codes with arguments (./fallback.ts), which the app translates. */
      fallback?: FallbackMessage[];
    }
  | {
      type: 'batch';
      runId: string;
      epoch: number;
      batch: number;
      batchesPerEpoch: number;
      loss: number;
      accuracy: number;
      recentLoss: number;
      recentAccuracy: number;
      samplesPerSecond: number;
    }
  | { type: 'epoch'; runId: string; metrics: EpochMetrics }
  /** The loss is climbing, or no better than guessing (the trainer's lossWatch; the run goes on). */
  | { type: 'warning'; runId: string; message: string; epoch: number; batch: number }
  | {
      type: 'done';
      runId: string;
      run: RunRecord;
      /** The document's weights after training, base64 per node and tensor. */
      weights: NonNullable<GraphDocument['weights']>;
      classes: string[];
      confusion: number[][];
      stopped: boolean;
    }
  | { type: 'error'; runId: string; message: string; epoch?: number; batch?: number };

export interface EvalResult {
  accuracy: number;
  loss: number;
  count: number;
  confusion: number[][];
  classes: string[];
}

export interface OnnxCheckResult {
  provider: string;
  /** Why the requested provider was skipped, in English (the CLI's words); null when it ran. */
  fallbackReason: string | null;
  /** The same reasons as codes with arguments (./fallback.ts), which the app translates; empty when none. */
  fallback: FallbackMessage[];
  /** Max |onnxruntime − engine| over the checked samples. */
  maxDiff: number;
  accuracy: number;
  count: number;
  samplesPerSecond: number;
}

export type MenuCommand =
  | 'file:new'
  | 'file:open'
  | 'file:save'
  | 'file:saveAs'
  | 'file:exportOnnx'
  | 'file:importOnnx'
  | 'edit:undo'
  | 'edit:redo'
  | 'edit:cut'
  | 'edit:copy'
  | 'edit:paste'
  | 'edit:delete'
  | 'edit:selectAll'
  | 'view:fit'
  | 'view:zoomIn'
  | 'view:zoomOut'
  | 'view:theme'
  | 'view:language'
  | 'help:about';

/** Request → response of every invoke channel. */
export interface ApiRequests {
  'app:info': { req: void; res: AppInfo };
  'dialog:open': { req: { title?: string; filters?: FileFilter[]; directory?: boolean }; res: string | null };
  'dialog:save': { req: { title?: string; defaultName?: string; filters?: FileFilter[] }; res: string | null };
  'fs:list': {
    req: { dir?: string; extensions?: string[] };
    res: Result<{ dir: string; parent: string | null; entries: FileEntry[] }>;
  };
  'file:open': { req: { path: string }; res: Result<{ path: string; document: GraphDocument; warnings: string[] }> };
  'file:save': { req: { path: string; document: GraphDocument }; res: Result<{ path: string }> };
  'file:recent': { req: void; res: string[] };
  'recovery:save': { req: { document: GraphDocument; path: string | null }; res: void };
  'recovery:load': { req: void; res: { document: GraphDocument; path: string | null; savedAt: string } | null };
  'recovery:clear': { req: void; res: void };
  'window:state': { req: { title: string; dirty: boolean }; res: void };
  'dataset:info': { req: DatasetRef; res: Result<{ info: DatasetInfo }> };
  'dataset:samples': {
    req: DatasetRef & { split: 'train' | 'test'; count: number; document?: GraphDocument };
    res: Result<SampleImages>;
  };
  'train:start': { req: TrainStartRequest; res: Result<{ runId: string }> };
  'train:stop': { req: { runId: string }; res: void };
  'train:eval': {
    req: { document: GraphDocument; dataset: DatasetRef; split: 'test' | 'all' };
    res: Result<EvalResult>;
  };
  'onnx:export': { req: { document: GraphDocument; path: string }; res: Result<{ path: string; bytes: number }> };
  'onnx:import': { req: { path: string }; res: Result<{ document: GraphDocument }> };
  'onnx:check': {
    req: { path: string; document: GraphDocument; provider: Provider; dataset?: DatasetRef };
    res: Result<OnnxCheckResult>;
  };
  /** The network as a PyTorch project (model.py, train.py with DistributedDataParallel, …) in a new or empty folder. */
  'pytorch:export': {
    req: { document: GraphDocument; dir: string; force?: boolean };
    res: Result<{ dir: string; files: string[] }>;
  };
}

/** Events main pushes to the renderer. */
export interface ApiEvents {
  'train:event': TrainEvent;
  'menu:command': MenuCommand;
  /** File ▸ Open Recent ▸ <path> in Electron's menu: the renderer opens that path (asking first if unsaved). */
  'menu:openRecent': string;
}

export type Channel = keyof ApiRequests;
export type EventChannel = keyof ApiEvents;

/** What the renderer calls: one method per channel (the preload and the WebSocket client both implement it). */
export type Api = {
  [C in Channel]: ApiRequests[C]['req'] extends void
    ? () => Promise<ApiRequests[C]['res']>
    : (req: ApiRequests[C]['req']) => Promise<ApiRequests[C]['res']>;
} & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};
