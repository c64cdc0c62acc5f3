/**
 * A Convas document → a PyTorch project (pure: returns the files; main and the CLI write them):
 * model.py (generated per network), network.json (the document with the weights training starts from),
 * train.py (DistributedDataParallel training, the document's settings as defaults), data.py, convas_io.py,
 * requirements.txt and README.md.
 */
import { analyze } from '../analyze.js';
import { serializeDocument, type GraphDocument } from '../document.js';
import { exportWeights } from '../onnx/export.js';
import { normalizeSettings } from '../train/settings.js';
import { weightsToRecord } from '../weights.js';
import { CONVAS_VERSION } from '../../shared/version.js';
import { modelPy, PytorchExportError } from './model.js';
import { CONVAS_IO_PY } from './python/convasIo.js';
import { DATA_PY } from './python/data.js';
import { readmeMd, REQUIREMENTS_TXT } from './python/readme.js';
import { TRAIN_PY } from './python/train.js';

export { PytorchExportError };

export interface ProjectFile {
  /** Relative to the project folder. */
  path: string;
  contents: string;
}

export interface PytorchExportOptions {
  /** Seed for weights the document does not hold; default its training seed, else 1 (as the ONNX export). */
  seed?: number;
}

export function pytorchProject(doc: GraphDocument, options: PytorchExportOptions = {}): ProjectFile[] {
  const a = analyze(doc);
  if (a.errors.length) {
    const list = a.errors.map((e) => `  - ${e.nodeId ? `"${e.nodeId}": ` : ''}${e.message}`).join('\n');
    throw new PytorchExportError(`the graph cannot be exported until its problems are fixed:\n${list}`);
  }
  let settings;
  try {
    settings = normalizeSettings(doc.training ?? {});
  } catch (e) {
    throw new PytorchExportError(`the document's ${(e as Error).message}`);
  }
  const weights = exportWeights(doc, a, options.seed);
  const start: GraphDocument = { ...doc, weights: weightsToRecord(weights), training: settings };
  const title = doc.name || 'Convas model';
  const header = `"""${title.replace(/["\\]/g, '')}: the Convas network as a PyTorch module (Convas ${CONVAS_VERSION}).

Layers and their names follow the graph; tensors are NCHW. Where PyTorch's defaults differ from Convas' meaning
(uneven "same" padding, pools that never count padding, batch norm's momentum) the code says how it keeps
Convas' meaning, so the module computes what Convas computes on the same weights.
"""`;
  const shape = a.nodes[a.inputId!].outputShape!;
  return [
    { path: 'model.py', contents: modelPy(doc, a, header) },
    { path: 'train.py', contents: TRAIN_PY.replace('__DEFAULTS__', pyDict(settings)) },
    { path: 'data.py', contents: DATA_PY },
    { path: 'convas_io.py', contents: CONVAS_IO_PY },
    { path: 'network.json', contents: serializeDocument(start) },
    { path: 'requirements.txt', contents: REQUIREMENTS_TXT },
    { path: 'README.md', contents: readmeMd(title, CONVAS_VERSION, shape, settings.dataset) },
  ];
}

/** The settings as a Python dict literal, one key a line (strings and numbers only, so JSON's syntax is Python's). */
function pyDict(settings: object): string {
  const entries = Object.entries(settings).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${entries.join('\n')}\n}`;
}
