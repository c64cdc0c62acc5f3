/**
 * The nine guided lessons, in order. Each opens a tool with its state preset and asks one small question
 * the user answers by doing; `check` reads the live state (teaching store and document store) to tick it off
 * while the lesson is open, and the tick then stays (progress.ts). A lesson's text names where its tool is:
 * a teaching view fills the space right of the lesson list; the canvas is in the middle, with the numbers of
 * the selected layer on the right.
 */
import { restoreDocument } from '../../engine/document.ts';
import { CURVE_REGIONS } from '../../engine/teach/curve.ts';
import { windowGeometry } from '../../engine/teach/stride.ts';
import lenet5 from '../../../resources/examples/lenet5.json';
import { openTemplate } from '../documents/fileActions.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { useDocStore, type DocState } from '../store/docStore.ts';
import { DEFAULT_CONV, useTeachStore, type TeachState, type TeachViewId } from './store.ts';

export interface Lesson {
  id: string;
  /** The teaching view it opens, or 'design': the canvas. */
  view: TeachViewId | 'design';
  /** Whether the lesson needs a network on the canvas (it offers to load LeNet-5). */
  needsNetwork?: boolean;
  preset(): void;
  check(teach: TeachState, doc: DocState): boolean;
}

const teach = () => useTeachStore.getState();

/** The example lesson 8 opens, and its first convolution. */
export const LOCALLY_TEMPLATE = 'conv-stack';
export const LOCALLY_NODE = 'l1';

function featureLayers(doc: DocState) {
  const a = selectAnalysis(doc);
  return a.order.filter((id) => id !== a.inputId && a.nodes[id].connected && a.nodes[id].outputShape?.length === 3);
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'convolution',
    view: 'convolution',
    preset: () => teach().setConv({ ...DEFAULT_CONV, source: 'checkerboard', kernelId: 'boxBlur', mode: 'same' }),
    // "Make the output smaller than the input": only 'valid' does that.
    check: (t) => t.conv.mode === 'valid',
  },
  {
    id: 'kernels',
    view: 'convolution',
    preset: () => teach().setConv({ ...DEFAULT_CONV, source: 'shapes', kernelId: 'identity' }),
    check: (t) => ['verticalLines', 'sobelX', 'prewittX'].includes(t.conv.kernelId),
  },
  {
    id: 'pattern',
    view: 'convolution',
    preset: () => {
      teach().setConv({ ...DEFAULT_CONV, source: 'curve', kernelId: 'custom', correlate: true });
      teach().setStep({ y: 0, x: 5 });
    },
    check: (t) => t.step.y === CURVE_REGIONS[0].y && t.step.x === CURVE_REGIONS[0].x,
  },
  {
    id: 'layers',
    view: 'receptive',
    needsNetwork: true,
    preset: () => teach().setReceptive({ nodeId: null, unit: null }),
    // "Pick a layer whose output is 10×10" (LeNet-5's second convolution).
    check: (t, d) => {
      const a = selectAnalysis(d);
      const id = t.receptive.nodeId;
      const s = id ? a.nodes[id]?.outputShape : null;
      return !!s && s.length === 3 && s[1] === 10 && s[2] === 10;
    },
  },
  {
    id: 'stride',
    view: 'stride',
    preset: () => teach().setStride({ input: 28, kernel: 5, stride: 1, padding: 0, position: 0 }),
    check: (t) => {
      const s = t.stride;
      return (
        s.input === 28 &&
        s.input + 2 * s.padding >= s.kernel &&
        windowGeometry(s.input, s.input, s.kernel, s.stride, s.padding).out[0] === 14
      );
    },
  },
  {
    id: 'receptive',
    view: 'receptive',
    needsNetwork: true,
    preset: () => teach().setReceptive({ nodeId: null, unit: null }),
    check: (t, d) => {
      const a = selectAnalysis(d);
      const id = t.receptive.nodeId;
      const rf = id && t.receptive.unit ? a.nodes[id]?.receptiveField : null;
      return !!rf && rf.size[0] >= 16 && rf.size[1] >= 16;
    },
  },
  {
    id: 'pooling',
    view: 'pooling',
    preset: () => teach().setPool({ kind: 'max', size: 2, selected1: 0, selected2: 0 }),
    check: (t) => t.pool.kind === 'avg',
  },
  {
    // The lesson's own example: the conv-stack's first layer is five 3×3 filters on a 32×32 grey image ("same"
    // padding), whose comparison card reads 45 weights against 46,080 locally connected.
    id: 'locally',
    view: 'design',
    preset: () => {
      teach().setFilters({ lcFilter: 0 });
      void openTemplate(LOCALLY_TEMPLATE).then(() => {
        const doc = useDocStore.getState();
        if (doc.nodes.some((n) => n.id === LOCALLY_NODE)) doc.select([LOCALLY_NODE]);
      });
    },
    check: (_t, d) => d.nodes.some((n) => n.type === 'locallyConnected2d'),
  },
  {
    id: 'train',
    view: 'filters',
    needsNetwork: true,
    preset: () => teach().setFilters({ sampleIndex: 0 }),
    check: (_t, d) => d.runs.length > 0 || !!d.weights,
  },
];

/** Loads LeNet-5 as the current document (for lessons on "your own network" when the canvas is empty). */
export function loadLenet(): void {
  const r = restoreDocument(lenet5);
  if (r.ok) useDocStore.getState().load(r.document, null);
}

/** Whether the current document has a conv/pool network to look at. */
export function hasNetwork(doc: DocState): boolean {
  return featureLayers(doc).length > 0;
}
