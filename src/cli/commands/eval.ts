/** `convas eval FILE --dataset …`: accuracy, loss and confusion matrix of a trained document. */
import { TrainingService } from '../../main/training/service.js';
import type { EvalResult } from '../../shared/api.js';
import { DATASET_CHOICES, DATASET_VALUES } from '../datasetHelp.js';
import { CliError, parse, readDocumentFile, writeJson, type Command } from '../io.js';
import { weightsNote } from '../weightsNote.js';

const usage = `Usage: convas eval FILE [--dataset ${DATASET_VALUES}] [--split test|all] [--json]

Evaluates the trained weights stored in FILE.
  --dataset D   ${DATASET_CHOICES}
                (default: the one it was trained on; \`convas train --help\` says what each is)
  --split S     test (default) or all (train and test together)
  --json        print {"accuracy", "loss", "count", "confusion"} (confusion[true][predicted])

Exit status: 0 evaluated, 2 bad usage, unreadable input, no weights, or a dataset that does not fit.`;

export function confusionTable(r: EvalResult): string {
  const labels = r.classes.map((c) => c.slice(0, 10));
  const w = Math.max(5, ...labels.map((l) => l.length), ...r.confusion.flat().map((v) => String(v).length));
  const head = ['true\\pred'.padEnd(w + 2), ...labels.map((l) => l.padStart(w))].join(' ');
  const rows = r.confusion.map((row, i) =>
    [labels[i].padEnd(w + 2), ...row.map((v) => String(v).padStart(w))].join(' '),
  );
  return [head, ...rows].join('\n');
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a trained graph: accuracy, loss, confusion matrix',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { dataset: { type: 'string' }, split: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    if (positionals.length !== 1) throw new CliError(`expected one FILE\n\n${usage}`);
    const split = values.split ?? 'test';
    if (split !== 'test' && split !== 'all') throw new CliError(`--split must be test or all, not "${split}"`);
    const doc = await readDocumentFile(positionals[0]);
    const dataset = values.dataset ?? doc.training?.dataset;
    if (!dataset)
      throw new CliError('--dataset is required: the document does not say which dataset it was trained on');
    const service = new TrainingService();
    const r = await service.evaluate({ document: doc, dataset: { dataset }, split });
    await service.dispose();
    if (!r.ok) throw new CliError(r.error);
    const note = weightsNote(doc);
    if (note) process.stderr.write(`note: the network is ${note}; the accuracy is of the network as it is now\n`);
    if (values.json)
      writeJson({ accuracy: r.accuracy, loss: r.loss, count: r.count, confusion: r.confusion, classes: r.classes });
    else
      process.stdout.write(
        `accuracy ${(r.accuracy * 100).toFixed(2)}%  loss ${r.loss.toFixed(4)}  samples ${r.count} (${split})\n\n` +
          `${confusionTable(r)}\n`,
      );
    return 0;
  },
};
