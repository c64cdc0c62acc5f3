/**
 * input: the image the network sees, pixels scaled to [0, 1]. In ONNX it is the graph's input `input`, in the
 * compiled graph the graph's `x`; an import reads it from the model's one graph input (onnx/import.ts).
 */
import { msg } from '../messages.js';
import type { LayerKind } from './kind.js';

export const input: LayerKind<null> = {
  kind: 'input',
  label: 'Input',
  category: 'Input',
  description: 'The image fed to the network: channels (1 grey, 3 RGB) × height × width.',
  params: [
    {
      name: 'channels',
      label: 'Channels',
      type: 'int',
      min: 1,
      max: 64,
      initial: 1,
      help: '1 for grey images, 3 for RGB',
    },
    { name: 'height', label: 'Height', type: 'int', min: 1, max: 4096, initial: 28, unit: 'px' },
    { name: 'width', label: 'Width', type: 'int', min: 1, max: 4096, initial: 28, unit: 'px' },
  ],
  inputs: { min: 0, max: 0 },
  summarize: (p) => [msg('summary.size', { size: `${p.channels}×${p.height}×${p.width}` })],
  inferShape: (_inputs, p) => [p.channels as number, p.height as number, p.width as number],
  tensors: () => [],
  macs: () => 0,
  receptiveField: () => ({ size: [1, 1], jump: [1, 1] }),
  /** The identity: the executor feeds the batch in as this node's input. */
  forward: ([x]) => ({ output: x, cache: null }),
  backward: (dOut) => [dOut],
  explain: ({ info }) => ({
    out: [msg('formula.out', { expr: info.outputShape!.join('×') })],
    receptiveField: msg('formula.field', { expr: '1' }),
  }),
  onnx: { export: 'graphInput', import: {} },
  compiled: 'graphInput',
};
