/** `convas dataset export NAME -o DIR`: a dataset as Convas sees it, written as IDX files or an image folder. */
import { exportDataset } from '../../main/pytorch/datasetFiles.js';
import { CliError, numberOption, parse, type Command } from '../io.js';

const usage = `Usage: convas dataset export mnist|shapes|DIR -o OUT [--format idx|images] [--channels 1|3]
                             [--height H] [--width W] [--force]

Writes a dataset as Convas loads it, for other programs (a PyTorch project from convas export --format pytorch):
  idx      MNIST's four files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-…) and classes.txt,
           grey 8-bit images; Convas' train and test splits as they are (default)
  images   one subfolder of PNG images per class (train samples first, then test)
Float pixels (shapes) are rounded to 8 bits.
  -o, --output OUT   the folder to write (refused when it exists and is not empty, unless --force)
  --channels, --height, --width   the size to draw shapes at, or to resize a folder's images to (default 1, 28, 28)

Exit status: 0 written, 2 bad usage, an unreadable dataset or a folder that cannot be written.`;

export const dataset: Command = {
  name: 'dataset',
  summary: 'write a dataset (mnist, shapes, a folder) as IDX files or an image folder',
  usage,
  async run(argv) {
    const options = {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      channels: { type: 'string' },
      height: { type: 'string' },
      width: { type: 'string' },
      force: { type: 'boolean' },
    } as const;
    const { values, positionals } = parse(argv, options, usage);
    if (positionals[0] !== 'export' || positionals.length !== 2)
      throw new CliError(`expected: dataset export NAME -o OUT\n\n${usage}`);
    if (!values.output) throw new CliError(`-o OUT is required\n\n${usage}`);
    const format = values.format ?? 'idx';
    if (format !== 'idx' && format !== 'images') throw new CliError(`--format must be idx or images, not "${format}"`);
    const channels = numberOption(values.channels, 'channels', { integer: true, min: 1, max: 3 });
    if (channels === 2) throw new CliError('--channels must be 1 (grey) or 3 (RGB), not "2"');
    const height = numberOption(values.height, 'height', { integer: true, min: 1, max: 4096 });
    const width = numberOption(values.width, 'width', { integer: true, min: 1, max: 4096 });
    let written;
    try {
      written = await exportDataset({ dataset: positionals[1], channels, height, width }, values.output, {
        format,
        force: values.force,
      });
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    const shape = written.shape.join('×');
    process.stderr.write(
      `wrote ${written.dir} (${written.format}): ${written.train} train and ${written.test} test images of ${shape}, ` +
        `classes ${written.classes.join(', ')}\n`,
    );
    return 0;
  },
};
