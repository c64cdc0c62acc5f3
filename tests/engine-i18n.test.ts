/**
 * The engine's words in Simplified Chinese: every code of src/engine/messages.ts has a translation with only the
 * code's own placeholders, and every problem, fix, refused connection, node summary and formula line the engine
 * writes renders in zh-CN with no English word left. Identifiers stay as they are: layer ids, kind ids, param
 * values ("same", "relu"), the activations' own names and MACs. The same for onnxruntime's provider fallback
 * reasons (src/shared/fallback.ts), whose product, library and command names stay as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Problem } from '../src/engine/analyze.js';
import { loadDocument, type GraphDocument } from '../src/engine/document.js';
import { checkConnection } from '../src/engine/edit.js';
import { explainMessages } from '../src/engine/explain.js';
import { compareNode } from '../src/engine/compare.js';
import { checkFixes } from '../src/engine/fixCheck.js';
import { fixText } from '../src/engine/fixes.js';
import { english, MESSAGES, type Message, type MessageArgs, type MessageCode } from '../src/engine/messages.js';
import { LAYERS, initialParams } from '../src/engine/registry.js';
import { say, sayFallback, sayParts } from '../src/renderer/i18n/engineText.js';
import {
  FALLBACK_MESSAGES,
  fallbackEnglish,
  fallbackReasonText,
  type FallbackArgs,
  type FallbackCode,
  type FallbackMessage,
} from '../src/shared/fallback.js';
import { chain, graph, node } from './helpers.js';

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const zhEngine = json('../src/renderer/i18n/engine/zh.json');

/** One example per code; the type makes a new code without an example fail the type-check. */
const SAMPLES: { [C in MessageCode]: MessageArgs<C> extends undefined ? null : MessageArgs<C> } = {
  noInput: null,
  manyInputs: { id: 'in2', first: 'in' },
  cycle: { path: '"a" → "b" → "a"' },
  tooManyInputs: { kind: 'conv2d', id: 'c1', min: 1, max: 1, count: 2 },
  tooFewInputs: { kind: 'add', id: 'sum', min: 2, max: 16, count: 1 },
  collapsed: { kind: 'conv2d', id: 'c1', shape: '[6, 0, 0]' },
  disconnected: { kind: 'dense', id: 'd1' },
  manyOutputs: { count: 2, ids: '"a", "b"' },
  needsFeatureMap: { kind: 'maxPool2d', id: 'p1', shape: '[120]' },
  globalPoolNeedsFeatureMap: { kind: 'globalAvgPool2d', id: 'g', shape: '[120]' },
  kernelTooLarge: { kind: 'conv2d', id: 'c1', size: '5×5', h: 4, w: 4 },
  kernelTooLargePadded: { kind: 'conv2d', id: 'c1', size: '9×9', h: 4, w: 4, pad: 1 },
  windowTooLarge: { kind: 'maxPool2d', id: 'p1', size: '2×2', h: 1, w: 1 },
  windowTooLargePadded: { kind: 'avgPool2d', id: 'p1', size: '5×5', h: 1, w: 1, pad: 1 },
  needsFlatten: { id: 'd1', shape: '[16, 5, 5]' },
  addShapes: { id: 'sum', shapes: ['[6, 28, 28]', '[6, 14, 14]'] },
  concatRank: { id: 'cat', shapes: ['[6, 28, 28]', '[120]'] },
  concatSize: { id: 'cat', sizes: ['28×28', '14×14'] },
  kernelPastSame: { kind: 'conv2d', id: 'c1', size: '20×20', h: 13, w: 13 },
  'fix.padding': { padding: 'same' },
  'fix.shrinkKernel': { size: '4×4' },
  'fix.shrinkWindow': { size: '1×1' },
  'fix.insert': { kind: 'flatten' },
  'fix.breaks': { ids: ['"p1"', '"f1"'] },
  'fix.warns': { ids: ['"c1"'] },
  'connect.self': null,
  'connect.missing': null,
  'connect.duplicate': { source: 'c1', target: 'p1' },
  'connect.noInputs': { kind: 'input', id: 'in' },
  'connect.tooMany': { kind: 'dense', id: 'd1', max: 1, count: 1 },
  'connect.cycle': { source: 'p1', target: 'c1' },
  'summary.size': { size: '1×28×28' },
  'summary.filters': { filters: 6, kernel: '5×5' },
  'summary.perChannel': { kernel: '3×3' },
  'summary.perChannelTimes': { kernel: '3×3', multiplier: 2 },
  'summary.stride': { stride: '2' },
  'summary.padding': { padding: 'valid' },
  'summary.padPixels': { pad: 2 },
  'summary.activation': { fn: 'leakyRelu' },
  'summary.units': { units: 120 },
  'summary.globalMean': null,
  'summary.rate': { rate: 0.5 },
  'summary.channels': null,
  'formula.params': { expr: '5·5·1·6 + 6', total: '156' },
  'formula.paramsBatchNorm': { c: 6, total: '12' },
  'formula.out': { expr: '⌊(28 + 2·2 − 5)/1⌋ + 1 = 28' },
  'formula.outH': { expr: '⌊(28 + 2·0 − 5)/1⌋ + 1 = 24' },
  'formula.outW': { expr: '⌊(20 + 2·0 − 3)/1⌋ + 1 = 18' },
  'formula.outGlobal': { c: 16 },
  'formula.outConcat': { expr: '6 + 16', total: 22 },
  'formula.macs': { expr: '28·28·5·5·1·6', total: '117,600' },
  'formula.field': { expr: '1 + (5 − 1)·1 = 5' },
  'formula.fieldHW': { h: '1 + (5 − 1)·1 = 5', w: '1 + (3 − 1)·1 = 3' },
  'formula.weights': { expr: '3·3·1·5', weights: '45' },
  'formula.weightsBiases': { expr: '3·3·1·5', weights: '45', biases: '5' },
  'formula.weightsBiasTerms': { expr: '32·32·3·3·1·5', weights: '46,080', biasExpr: '5·32·32', biases: '5,120' },
};

const inp = (id: string) => node(id, 'input', { channels: 1, height: 8, width: 8 });
const sample = (code: MessageCode): Message => ({ code, args: (SAMPLES[code] ?? {}) as Message['args'] });

/** Words that stay as they are in Chinese: param values, the activations' names, the MACs abbreviation. */
const KEPT = new Set(['same', 'valid', 'ReLU', 'Leaky', 'Sigmoid', 'tanh', 'softmax', 'MACs']);
/** Arguments that carry identifiers (layer ids, kind ids), which a message may quote as they are. */
const IDENTIFIERS = ['id', 'first', 'kind', 'source', 'target', 'path', 'ids'];

/** The English words left in a rendering once identifiers and kept words are taken out. */
function englishWords(text: string, m: Message): string[] {
  let rest = text;
  for (const k of IDENTIFIERS) {
    const v = m.args[k];
    for (const id of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) {
      // As a whole token: the id "s" is not the s of "same".
      const token = new RegExp(`(?<![\\w])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'g');
      rest = rest.replace(token, ' ');
    }
  }
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !KEPT.has(w));
}

let zh: TFunction;
let en: TFunction;

beforeAll(async () => {
  const resources = {
    en: { app: json('../src/renderer/i18n/locales/en/app.json') },
    zh: { app: json('../src/renderer/i18n/locales/zh/app.json'), engine: zhEngine },
  };
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({ resources, lng, fallbackLng: 'en', defaultNS: 'app', interpolation: { escapeValue: false } });
    return i.t;
  };
  zh = await make('zh');
  en = await make('en');
});

/** Every message the engine writes about a document: problems, fixes, summaries, formulas, comparisons. */
function messagesOf(doc: GraphDocument): Message[] {
  const a = analyze(doc);
  const out: Message[] = [];
  for (const p of [...a.errors, ...a.warnings]) out.push(problemText(p), ...p.fixes.map(fixText));
  for (const n of doc.nodes) {
    out.push(...LAYERS.find((l) => l.kind === n.kind)!.summarize(n.params));
    const e = explainMessages(doc, a, n.id);
    if (e) out.push(...[e.params, ...e.out, e.macs, e.receptiveField].filter((x): x is Message => !!x));
    for (const r of compareNode(doc, a, n.id)?.rows ?? []) out.push(r.text);
  }
  return out;
}
const problemText = (p: Problem): Message => ({ code: p.code, args: p.args });

function expectChinese(messages: Message[]) {
  const bad: string[] = [];
  for (const m of messages) {
    const text = say(zh, m);
    const words = englishWords(text, m);
    const untranslated = text === english(m) && englishWords(english(m), m).length > 0;
    if (words.length || untranslated) bad.push(`${m.code}: ${text} (${words.join(', ')})`);
  }
  expect(bad).toEqual([]);
}

describe('the engine in Chinese', () => {
  it('every code has a translation that uses only its own arguments', () => {
    const get = (code: string) =>
      code.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], zhEngine);
    const problems: string[] = [];
    for (const code of Object.keys(MESSAGES) as MessageCode[]) {
      const text = get(code);
      if (typeof text !== 'string' || !text.trim()) {
        problems.push(`${code}: missing`);
        continue;
      }
      const args = Object.keys(SAMPLES[code] ?? {});
      for (const [, name] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g))
        if (!args.includes(name)) problems.push(`${code}: {{${name}}}`);
    }
    expect(problems).toEqual([]);
  });

  it('no translation is left over from a code the engine no longer has', () => {
    const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'string' ? [prefix + k] : keys(v as Record<string, unknown>, `${prefix}${k}.`),
      );
    expect(keys(zhEngine).filter((k) => !(k in MESSAGES) && !(k in FALLBACK_MESSAGES))).toEqual([]);
  });

  it('every code renders in zh-CN without an English word', () => {
    expectChinese((Object.keys(MESSAGES) as MessageCode[]).map(sample));
  });

  it('English renders as the engine writes it, for the CLI and the app alike', () => {
    for (const code of Object.keys(MESSAGES) as MessageCode[])
      expect(say(en, sample(code))).toBe(english(sample(code)));
  });

  it('kind names read as their Chinese names', () => {
    expect(say(zh, sample('disconnected'))).toContain('全连接 "d1"');
    expect(say(zh, sample('fix.insert'))).toBe('插入展平层');
    expect(say(zh, sample('addShapes'))).toContain('[6, 28, 28]、[6, 14, 14]');
  });

  it('every example document: summaries, formulas and comparisons', () => {
    const dir = new URL('../resources/examples/', import.meta.url);
    const docs = readdirSync(dir).map((f) => {
      const r = loadDocument(readFileSync(new URL(f, dir), 'utf8'));
      if (!r.ok) throw new Error(`${f}: ${r.error}`);
      return r.document;
    });
    expect(docs.length).toBeGreaterThan(5);
    expectChinese(docs.flatMap(messagesOf));
  });

  it('every kind with its initial params and with strides, padding and activations that add words', () => {
    const parts = LAYERS.flatMap((l) => [
      l.summarize(initialParams(l.kind)),
      l.summarize({ ...initialParams(l.kind), stride: [2, 1], padding: 2, activation: 'leakyRelu', multiplier: 2 }),
    ]);
    for (const p of parts) expect(sayParts(zh, p)).not.toMatch(/\b(units|stride|pad|per|channel|rate|mean)\b/);
    expectChinese(parts.flat());
  });

  it('problems and fixes of broken networks, and refused connections', () => {
    const docs = [
      chain(
        node('in', 'input', { channels: 1, height: 4, width: 4 }),
        node('c', 'conv2d', { filters: 2, kernelSize: 5 }),
      ),
      chain(
        node('in', 'input', { channels: 1, height: 4, width: 4 }),
        node('c', 'conv2d', { filters: 2, kernelSize: 9, padding: 1 }),
      ),
      chain(node('in', 'input', { channels: 1, height: 1, width: 1 }), node('p', 'maxPool2d', { poolSize: 2 })),
      chain(inp('in'), node('d', 'dense', { units: 10 })),
      chain(inp('in'), node('f', 'flatten'), node('p', 'maxPool2d', { poolSize: 2 })),
      chain(inp('in'), node('f', 'flatten'), node('g', 'globalAvgPool2d')),
      graph(
        [
          inp('in'),
          node('a', 'conv2d', { filters: 2, kernelSize: 3 }),
          node('b', 'conv2d', { filters: 2, kernelSize: 5 }),
          node('s', 'add'),
        ],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['a', 's'],
          ['b', 's'],
        ],
      ),
      graph(
        [inp('in'), node('a', 'flatten'), node('s', 'concat')],
        [
          ['in', 'a'],
          ['in', 's'],
          ['a', 's'],
        ],
      ),
      graph(
        [inp('in'), node('a', 'maxPool2d', { poolSize: 2 }), node('s', 'concat')],
        [
          ['in', 'a'],
          ['in', 's'],
          ['a', 's'],
        ],
      ),
      graph([inp('in'), inp('in2'), node('a', 'activation', { fn: 'relu' })], [['in', 'a']]),
      graph(
        [inp('in'), node('a', 'activation', { fn: 'relu' }), node('b', 'activation', { fn: 'relu' })],
        [
          ['in', 'a'],
          ['a', 'b'],
          ['b', 'a'],
        ],
      ),
      graph(
        [inp('in'), node('a', 'activation', { fn: 'relu' }), node('b', 'activation', { fn: 'relu' }), node('s', 'add')],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['a', 's'],
        ],
      ),
      graph([node('d', 'dense', { units: 3 })], []),
      graph([inp('in'), node('d', 'dense', { units: 3 })], []),
      chain(inp('in'), node('c', 'conv2d', { filters: 2, kernelSize: 9, padding: 'same' })),
      graph(
        [
          inp('in'),
          node('a', 'conv2d', { filters: 2, kernelSize: 9 }),
          node('b', 'maxPool2d', { poolSize: 2 }),
          node('cat', 'concat'),
        ],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['a', 'cat'],
          ['b', 'cat'],
        ],
      ),
      chain(inp('in'), node('c', 'conv2d', { filters: 2, kernelSize: 20 }), node('p', 'maxPool2d', { poolSize: 2 })),
    ];
    const problems = docs.flatMap((d) => [...analyze(d).errors, ...analyze(d).warnings]);
    const codes = new Set(problems.map((p) => p.code));
    for (const c of [
      'kernelTooLarge',
      'kernelTooLargePadded',
      'windowTooLarge',
      'needsFlatten',
      'needsFeatureMap',
      'globalPoolNeedsFeatureMap',
      'addShapes',
      'concatRank',
      'concatSize',
      'manyInputs',
      'cycle',
      'tooFewInputs',
      'noInput',
      'disconnected',
      'manyOutputs',
      'kernelPastSame',
    ]) {
      expect(codes, c).toContain(c);
    }
    expectChinese(problems.flatMap((p) => [problemText(p), ...p.fixes.map(fixText)]));
    // The fixes as their buttons say them, tried on the whole network (what they break or warn about).
    const checked = docs.flatMap((d) => analyze(d).errors.flatMap((p) => checkFixes(d, p).flatMap((c) => c.text)));
    expect(new Set(checked.map((m) => m.code))).toEqual(
      new Set(['fix.padding', 'fix.shrinkKernel', 'fix.shrinkWindow', 'fix.insert', 'fix.warns', 'fix.breaks']),
    );
    expectChinese(checked);

    const lenet = docs[3];
    const refusals = [
      checkConnection(lenet, 'd', 'd'),
      checkConnection(lenet, 'in', 'd'),
      checkConnection(lenet, 'd', 'in'),
      checkConnection(lenet, 'd', 'nope'),
    ];
    const texts = refusals.map((r) => (r.ok ? null : r.text)).filter((m): m is Message => !!m);
    expect(texts).toHaveLength(4);
    expectChinese(texts);
  });
});

/** One example per fallback code; the type makes a new code without an example fail the type-check. */
const FALLBACK_SAMPLES: { [C in FallbackCode]: FallbackArgs<C> extends undefined ? null : FallbackArgs<C> } = {
  'fallback.cudaPlatform': { platform: 'darwin' },
  'fallback.cudaNotInstalled': null,
  'fallback.cudaLibraryMissing': { library: 'libcudnn.so.9' },
  'fallback.cudaNotLoading': { detail: 'libcuda.so.1: wrong ELF class: ELFCLASS32' },
  'fallback.noCudaGpu': { detail: 'CUDA failure 100: no CUDA-capable device is detected' },
  'fallback.cudaFailed': { detail: 'CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR' },
  'fallback.webgpuNoVulkan': null,
  'fallback.webgpuNoAdapter': null,
  'fallback.webgpuFailed': { detail: 'Failed to create the device' },
  'fallback.failed': { detail: 'Failed to load shared library' },
};
const fallbackSample = (code: FallbackCode): FallbackMessage => ({
  code,
  args: (FALLBACK_SAMPLES[code] ?? {}) as FallbackMessage['args'],
});
const FALLBACK_CODES = Object.keys(FALLBACK_MESSAGES) as FallbackCode[];
/**
 * What a fallback reason keeps in any language: products, a command, an environment variable, library and package
 * names. Its arguments (a platform, a library file, onnxruntime's own error) are identifiers too.
 */
const FALLBACK_KEPT = ['`npm run setup:cuda`', 'LD_LIBRARY_PATH', 'libvulkan.so.1', 'libvulkan1', 'cuDNN', 'CUDA'];
const FALLBACK_KEPT_WORDS = new Set(['NVIDIA', 'GPU', 'WebGPU', 'Vulkan']);

function fallbackEnglishWords(text: string, m: FallbackMessage): string[] {
  let rest = text;
  for (const kept of [...Object.values(m.args), ...FALLBACK_KEPT]) rest = rest.split(kept).join(' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !FALLBACK_KEPT_WORDS.has(w));
}

describe('provider fallback reasons in Chinese', () => {
  it('every code has a translation that uses only its own arguments', () => {
    const problems: string[] = [];
    for (const code of FALLBACK_CODES) {
      const text = code.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], zhEngine);
      if (typeof text !== 'string' || !text.trim()) {
        problems.push(`${code}: missing`);
        continue;
      }
      const args = Object.keys(FALLBACK_SAMPLES[code] ?? {});
      for (const [, name] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g))
        if (!args.includes(name)) problems.push(`${code}: {{${name}}}`);
    }
    expect(problems).toEqual([]);
  });

  it('every code renders in zh-CN without an English word', () => {
    const bad: string[] = [];
    for (const code of FALLBACK_CODES) {
      const m = fallbackSample(code);
      const text = sayFallback(zh, [m])!;
      const words = fallbackEnglishWords(text, m);
      // A missing translation renders the English (i18next's defaultValue), whose words show here.
      if (words.length) bad.push(`${code}: ${text} (${words.join(', ')})`);
    }
    expect(bad).toEqual([]);
  });

  it('English renders as the CLI prints fallbackReason, reasons joined alike', () => {
    for (const code of FALLBACK_CODES)
      expect(sayFallback(en, [fallbackSample(code)])).toBe(fallbackEnglish(fallbackSample(code)));
    const two = [fallbackSample('fallback.cudaNotInstalled'), fallbackSample('fallback.webgpuNoVulkan')];
    expect(sayFallback(en, two)).toBe(fallbackReasonText(two));
    expect(fallbackReasonText(two)).toBe(
      'CUDA provider not installed — run `npm run setup:cuda`; ' +
        'WebGPU needs Vulkan: libvulkan.so.1 not found (install libvulkan1 and a Vulkan driver)',
    );
    expect(sayFallback(zh, two)).toBe(
      '尚未安装 CUDA 执行提供程序——请运行 `npm run setup:cuda`；' +
        'WebGPU 需要 Vulkan：找不到 libvulkan.so.1（请安装 libvulkan1 和 Vulkan 驱动）',
    );
    expect(sayFallback(zh, [])).toBeNull();
  });
});
