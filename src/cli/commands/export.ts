/**
 * `convas export FILE -o OUT.onnx [--seed N]`: the graph and its weights as an ONNX model (opset 17);
 * `--format pytorch -o DIR`: as a PyTorch project that trains on many GPUs and machines.
 */
import { PytorchExportError } from '../../engine/pytorch/index.js';
import { exportOnnx } from '../../main/onnx/service.js';
import { exportPytorch } from '../../main/pytorch/project.js';
import { fmtBytes } from '../../engine/format.js';
import { CliError, numberOption, parse, readDocumentFile, type Command } from '../io.js';
import { weightsNote } from '../weightsNote.js';
import type { GraphDocument } from '../../engine/document.js';

const usage = `Usage: convas export FILE -o OUT.onnx [--seed N]
       convas export FILE --format pytorch -o DIR [--force] [--seed N]

Writes FILE's network as an ONNX model (opset 17, IR 8): input "input" [batch, C, H, W], output "output".
With --format pytorch, writes DIR as a PyTorch project instead: model.py (the network as an nn.Module),
train.py (DistributedDataParallel on CPUs, GPUs and several machines; the document's training settings
as defaults), data.py, convas_io.py, network.json (the starting weights), requirements.txt and README.md.
Trained weights come from the document; layers without them get fresh weights from the seed.
  -o, --output OUT   the .onnx file to write (replaced atomically), or the project's folder
  --format F         onnx (default) or pytorch
  --force            write the PyTorch project into a folder that is not empty
  --seed N           seed for weights the document does not hold (default: its training seed, else 1)

Exit status: 0 written, 1 the graph has errors, 2 bad usage or unreadable input.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a graph with its weights to an ONNX model',
  usage,
  async run(argv) {
    const options = {
      output: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      format: { type: 'string' },
      force: { type: 'boolean' },
    } as const;
    const { values, positionals } = parse(argv, options, usage);
    if (positionals.length !== 1) throw new CliError(`expected one FILE\n\n${usage}`);
    const format = values.format ?? 'onnx';
    if (format !== 'onnx' && format !== 'pytorch')
      throw new CliError(`--format must be onnx or pytorch, not "${format}"`);
    if (!values.output) throw new CliError(`-o ${format === 'onnx' ? 'OUT.onnx' : 'DIR'} is required\n\n${usage}`);
    if (values.force && format !== 'pytorch')
      throw new CliError('--force applies to --format pytorch only (an .onnx file is always replaced)');
    const seed = numberOption(values.seed, 'seed', { integer: true, min: 0 });
    const doc = await readDocumentFile(positionals[0]);
    if (format === 'pytorch') return writePytorch(doc, values.output, { seed, force: values.force });
    let written;
    try {
      written = await exportOnnx(doc, values.output, { seed });
    } catch (e) {
      throw new CliError((e as Error).message, /problems are fixed/.test((e as Error).message) ? 1 : 2);
    }
    process.stderr.write(`wrote ${written.path} (${fmtBytes(written.bytes)})\n`);
    const note = weightsNote(doc, seed);
    if (note) process.stderr.write(`note: the network is ${note}\n`);
    return 0;
  },
};

async function writePytorch(
  doc: GraphDocument,
  dir: string,
  options: { seed?: number; force?: boolean },
): Promise<number> {
  let written;
  try {
    written = await exportPytorch(doc, dir, options);
  } catch (e) {
    throw new CliError((e as Error).message, e instanceof PytorchExportError ? 1 : 2);
  }
  process.stderr.write(`wrote ${written.dir}: ${written.files.join(', ')}\n`);
  const note = weightsNote(doc, options.seed);
  if (note) process.stderr.write(`note: the network is ${note}\n`);
  process.stderr.write(
    `next: cd ${written.dir} && python3 train.py --help (README.md says how to run it on CPUs, GPUs and machines)\n`,
  );
  return 0;
}
