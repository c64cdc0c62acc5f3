/** `convas export FILE -o OUT.onnx [--seed N]`: the graph and its weights as an ONNX model (opset 17). */
import { exportOnnx } from '../../main/onnx/service.js';
import { fmtBytes } from '../../engine/format.js';
import { CliError, numberOption, parse, readDocumentFile, type Command } from '../io.js';
import { weightsNote } from '../weightsNote.js';

const usage = `Usage: convas export FILE -o OUT.onnx [--seed N]

Writes FILE's network as an ONNX model (opset 17, IR 8): input "input" [batch, C, H, W], output "output".
Trained weights come from the document; layers without them get fresh weights from the seed.
  -o, --output OUT   the .onnx file to write (replaced atomically)
  --seed N           seed for weights the document does not hold (default: its training seed, else 1)

Exit status: 0 written, 1 the graph has errors, 2 bad usage or unreadable input.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a graph with its weights to an ONNX model',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { output: { type: 'string', short: 'o' }, seed: { type: 'string' } }, usage);
    if (positionals.length !== 1) throw new CliError(`expected one FILE\n\n${usage}`);
    if (!values.output) throw new CliError(`-o OUT.onnx is required\n\n${usage}`);
    const seed = numberOption(values.seed, 'seed', { integer: true, min: 0 });
    const doc = await readDocumentFile(positionals[0]);
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
