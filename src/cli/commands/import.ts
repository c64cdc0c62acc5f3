/** `convas import MODEL.onnx -o FILE`: an ONNX model as a Convas graph with its weights. */
import { serializeDocument } from '../../engine/document.js';
import { atomicWrite } from '../../main/files/atomic.js';
import { importOnnx } from '../../main/onnx/service.js';
import { CliError, parse, type Command } from '../io.js';

const usage = `Usage: convas import MODEL.onnx -o FILE

Opens an ONNX model as a Convas graph (weights included) and writes it to FILE. Models with operators that
have no Convas layer are refused, naming each such operator and its nodes.
  -o, --output FILE   the Convas document to write (replaced atomically)

Exit status: 0 written, 2 bad usage, unreadable model, or a model Convas cannot represent.`;

export const importCommand: Command = {
  name: 'import',
  summary: 'open an ONNX model as a Convas graph',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { output: { type: 'string', short: 'o' } }, usage);
    if (positionals.length !== 1) throw new CliError(`expected one MODEL.onnx\n\n${usage}`);
    if (!values.output) throw new CliError(`-o FILE is required\n\n${usage}`);
    let result;
    try {
      result = await importOnnx(positionals[0]);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    try {
      await atomicWrite(values.output, serializeDocument(result.document));
    } catch (e) {
      throw new CliError(
        `${values.output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    process.stderr.write(`wrote ${values.output} (${result.document.nodes.length} layers)\n`);
    return 0;
  },
};
