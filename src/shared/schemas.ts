/**
 * Runtime schemas (zod 4) for every request in ./api.ts. Main validates each IPC / WebSocket request against
 * these before a handler sees it (Electron's security checklist: "validate the arguments of every IPC call").
 * Documents are checked structurally here; the engine's restoreDocument does the deep, field-naming validation
 * where a handler needs it. Each schema is typed against the contract, so the two cannot drift apart silently.
 */
import { z } from 'zod';
import { PROVIDERS, type ApiRequests, type Channel } from './api.ts';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from '../engine/document.ts';
import { boundsText, inBounds, SETTING_BOUNDS, type Bounds } from '../engine/train/settings.ts';
import { MAX_EDGES, MAX_NODES, MAX_THREADS } from './limits.ts';

export { MAX_EDGES, MAX_NODES };
const MAX_PATH = 4096;
const path = z.string().min(1, 'must not be empty').max(MAX_PATH);
const shortText = z.string().max(1000);
/** A number within the engine's bounds for a training setting (one source: SETTING_BOUNDS). */
const bounded = (b: Bounds) => z.number().refine((v) => inBounds(b, v), `must be ${boundsText(b)}`);

const paramValue = z.union([z.number(), z.string().max(200), z.boolean(), z.tuple([z.number(), z.number()]), z.null()]);

export const trainingSettingsSchema = z.object({
  dataset: z.string().min(1).max(MAX_PATH),
  epochs: bounded(SETTING_BOUNDS.epochs),
  batchSize: bounded(SETTING_BOUNDS.batchSize),
  optimizer: z.enum(['sgd', 'adam']),
  lr: bounded(SETTING_BOUNDS.lr),
  momentum: bounded(SETTING_BOUNDS.momentum),
  weightDecay: bounded(SETTING_BOUNDS.weightDecay),
  seed: bounded(SETTING_BOUNDS.seed),
  valSplit: bounded(SETTING_BOUNDS.valSplit),
});

const epochMetrics = z.looseObject({
  epoch: z.number(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  samplesPerSecond: z.number(),
  seconds: z.number(),
});

const runRecord = z.looseObject({
  id: shortText,
  label: shortText.optional(),
  startedAt: shortText,
  settings: trainingSettingsSchema,
  backend: shortText,
  provider: shortText,
  threads: z.number().int().positive().optional(),
  epochs: z.array(epochMetrics),
  testAccuracy: z.number().optional(),
  testLoss: z.number().optional(),
  stoppedEarly: z.boolean().optional(),
});

export const graphDocumentSchema = z.looseObject({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_VERSION),
  name: shortText,
  nodes: z
    .array(
      z.looseObject({
        id: z.string().min(1).max(200),
        kind: z.string().min(1).max(100),
        params: z.record(z.string(), paramValue),
        position: z.object({ x: z.number(), y: z.number() }).optional(),
      }),
    )
    .max(MAX_NODES),
  edges: z
    .array(
      z.looseObject({ id: z.string().max(400).optional(), source: z.string().max(200), target: z.string().max(200) }),
    )
    .max(MAX_EDGES),
  classes: z.array(shortText).optional(),
  weights: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  training: trainingSettingsSchema.optional(),
  runs: z.array(runRecord).optional(),
});

const fileFilter = z.object({
  name: shortText,
  extensions: z.array(z.string().regex(/^[\w*.-]{1,20}$/, 'must be a plain extension like "json"')).max(20),
});
const provider = z.enum(PROVIDERS);
const backend = z.enum(['auto', 'engine', 'onnxruntime']);
const size = z.number().int().min(1).max(4096);

export const datasetRefSchema = z.object({
  dataset: z.string().min(1).max(MAX_PATH),
  channels: size.optional(),
  height: size.optional(),
  width: size.optional(),
});

/** A request with no argument: over IPC it arrives as undefined, over JSON as null or missing. */
const none = z.union([z.undefined(), z.null()]).transform(() => undefined);

type Schemas = { [C in Channel]: z.ZodType<ApiRequests[C]['req'], unknown> };

export const requestSchemas: Schemas = {
  'app:info': none,
  'dialog:open': z.object({
    title: shortText.optional(),
    filters: z.array(fileFilter).max(20).optional(),
    directory: z.boolean().optional(),
  }),
  'dialog:save': z.object({
    title: shortText.optional(),
    defaultName: shortText.optional(),
    filters: z.array(fileFilter).max(20).optional(),
  }),
  'fs:list': z.object({ dir: path.optional(), extensions: z.array(z.string().max(20)).max(20).optional() }),
  'file:open': z.object({ path }),
  'file:save': z.object({ path, document: graphDocumentSchema }),
  'file:recent': none,
  'recovery:save': z.object({ document: graphDocumentSchema, path: path.nullable() }),
  'recovery:load': none,
  'recovery:clear': none,
  'window:state': z.object({ title: shortText, dirty: z.boolean() }),
  'dataset:info': datasetRefSchema,
  'dataset:samples': datasetRefSchema.extend({
    split: z.enum(['train', 'test']),
    count: z.number().int().min(1).max(1000),
    document: graphDocumentSchema.optional(),
  }),
  'train:start': z.object({
    document: graphDocumentSchema,
    settings: trainingSettingsSchema,
    backend: backend.optional(),
    provider: provider.optional(),
    threads: z.number().int().min(1).max(MAX_THREADS).optional(),
    initialize: z.enum(['fresh', 'continue']).optional(),
  }),
  'train:stop': z.object({ runId: z.string().min(1).max(200) }),
  'train:eval': z.object({ document: graphDocumentSchema, dataset: datasetRefSchema, split: z.enum(['test', 'all']) }),
  'onnx:export': z.object({ document: graphDocumentSchema, path }),
  'onnx:import': z.object({ path }),
  'onnx:check': z.object({ path, document: graphDocumentSchema, provider, dataset: datasetRefSchema.optional() }),
  'pytorch:export': z.object({ document: graphDocumentSchema, dir: path, force: z.boolean().optional() }),
};

export const CHANNELS = Object.keys(requestSchemas) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Validates a request; throws an Error naming the channel and the offending fields. */
export function parseRequest<C extends Channel>(channel: C, arg: unknown): ApiRequests[C]['req'] {
  const result = requestSchemas[channel].safeParse(arg);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'argument'}: ${i.message}`)
    .join('; ');
  throw new Error(`${channel}: invalid request (${issues})`);
}
