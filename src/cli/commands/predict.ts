/** `convas predict FILE IMAGE…`: the most likely classes of each image, with probabilities. */
import { analyze } from '../../engine/analyze.js';
import { readImage } from '../../main/images.js';
import { trainedModel } from '../../main/training/tasks.js';
import { CliError, numberOption, parse, readDocumentFile, writeJson, type Command } from '../io.js';
import { weightsNote } from '../weightsNote.js';

const usage = `Usage: convas predict FILE IMAGE... [--top N] [--json]

Classifies images (PNG, JPEG) with the trained weights in FILE. Each image is resized to the input's size and
converted to grey or RGB to match its channels, as in training.
  --top N   classes to show per image (default 3)
  --json    one JSON object per image: {"image", "top": [{"class", "probability"}]}

Exit status: 0 done, 2 bad usage, an unreadable file or a document without weights.`;

export const predict: Command = {
  name: 'predict',
  summary: 'classify images with a trained graph',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { top: { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals.length < 2) throw new CliError(`expected FILE and at least one IMAGE\n\n${usage}`);
    const [file, ...images] = positionals;
    const top = numberOption(values.top, 'top', { integer: true, min: 1 }) ?? 3;
    const doc = await readDocumentFile(file);
    let model;
    try {
      model = trainedModel(doc);
    } catch (e) {
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
    const note = weightsNote(doc);
    if (note) process.stderr.write(`note: the network is ${note}\n`);
    const a = analyze(doc);
    const shape = a.nodes[a.inputId!].outputShape!;
    if (shape.length !== 3 || (shape[0] !== 1 && shape[0] !== 3))
      throw new CliError(`${file}: the input must be an image with 1 or 3 channels, not [${shape.join(', ')}]`);
    const [c, h, w] = shape;
    const classes =
      doc.classes && doc.classes.length === model.classes
        ? doc.classes
        : Array.from({ length: model.classes }, (_, i) => String(i));
    for (const path of images) {
      let img;
      try {
        img = await readImage(path, { channels: c as 1 | 3, height: h, width: w });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const x = new Float32Array(c * h * w);
      for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) x[ch * h * w + p] = img.data[p * c + ch] / 255;
      const probs = Array.from(model.predict(x, 1));
      const ranked = probs
        .map((p, i) => ({ class: classes[i], probability: p }))
        .sort((u, v) => v.probability - u.probability)
        .slice(0, top);
      if (values.json) writeJson({ image: path, top: ranked });
      else
        process.stdout.write(
          `${path}: ${ranked.map((r) => `${r.class} ${(r.probability * 100).toFixed(1)}%`).join(', ')}\n`,
        );
    }
    return 0;
  },
};
