import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeSettings, SETTING_BOUNDS } from '../engine/train/settings.ts';
import { CHANNELS, isChannel, parseRequest, trainingSettingsSchema } from './schemas.ts';

const lenet5 = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/examples/lenet5.json'), 'utf8'));
const settings = {
  dataset: 'shapes',
  epochs: 2,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  valSplit: 0.1,
};

describe('request schemas', () => {
  it('cover exactly the channels of the Api', () => {
    const api = readFileSync(join(import.meta.dirname, 'api.ts'), 'utf8');
    const block = api.slice(api.indexOf('export interface ApiRequests'), api.indexOf('/** Events main pushes'));
    const declared = [...block.matchAll(/^\s+'([a-z]+:[a-zA-Z]+)':/gm)].map((m) => m[1]);
    expect([...CHANNELS].sort()).toEqual(declared.sort());
    expect(isChannel('file:open')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
  });

  it('accept valid requests', () => {
    expect(parseRequest('app:info', undefined)).toBe(undefined);
    expect(parseRequest('app:info', null)).toBe(undefined);
    expect(parseRequest('file:save', { path: 'a.json', document: lenet5 }).document.name).toBe('LeNet-5');
    expect(parseRequest('train:start', { document: lenet5, settings, backend: 'engine' }).settings.epochs).toBe(2);
    expect(parseRequest('dataset:samples', { dataset: 'mnist', split: 'test', count: 16 }).count).toBe(16);
    expect(parseRequest('onnx:check', { path: 'm.onnx', document: lenet5, provider: 'cuda' }).provider).toBe('cuda');
  });

  it('refuse invalid ones, naming the field', () => {
    expect(() => parseRequest('app:info', { x: 1 })).toThrow(/^app:info: invalid request/);
    expect(() => parseRequest('file:open', { path: '' })).toThrow(/path: must not be empty/);
    expect(() => parseRequest('file:open', 'a.json')).toThrow(/file:open: invalid request/);
    expect(() => parseRequest('file:save', { path: 'a', document: { ...lenet5, version: 3 } })).toThrow(
      /document\.version/,
    );
    expect(() =>
      parseRequest('file:save', {
        path: 'a',
        document: { ...lenet5, nodes: [{ id: 'x', kind: 'dense', params: { units: {} } }] },
      }),
    ).toThrow(/document\.nodes\.0\.params\.units/);
    expect(() => parseRequest('train:start', { document: lenet5, settings: { ...settings, epochs: 0 } })).toThrow(
      /settings\.epochs/,
    );
    expect(() =>
      parseRequest('train:start', { document: lenet5, settings: { ...settings, optimizer: 'lbfgs' } }),
    ).toThrow(/settings\.optimizer/);
    expect(() => parseRequest('dataset:samples', { dataset: 'mnist', split: 'test', count: 1e6 })).toThrow(/count/);
    expect(() => parseRequest('onnx:check', { path: 'm.onnx', document: lenet5, provider: 'tpu' })).toThrow(/provider/);
    expect(() => parseRequest('dialog:open', { filters: [{ name: 'x', extensions: ['../../x'] }] })).toThrow(
      /extensions/,
    );
  });

  it('take the training settings the engine takes, and refuse the same ones (SETTING_BOUNDS)', () => {
    for (const [field, b] of Object.entries(SETTING_BOUNDS)) {
      const step = 'integer' in b ? 1 : 1e-3;
      for (const v of [b.min - step, b.min, (b.min + b.max) / 2, b.max, b.max + step, 0.5 + b.min]) {
        const given = { ...settings, [field]: v };
        let engine = true;
        try {
          normalizeSettings(given as never);
        } catch {
          engine = false;
        }
        expect(trainingSettingsSchema.safeParse(given).success, `${field} = ${v}`).toBe(engine);
      }
    }
    expect(trainingSettingsSchema.safeParse({ ...settings, momentum: 1 }).success).toBe(false);
    expect(trainingSettingsSchema.safeParse({ ...settings, momentum: 0.999 }).success).toBe(true);
  });
});
