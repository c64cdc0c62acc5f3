/** `convas train FILE --dataset …`: trains a graph in a worker thread, prints progress, optionally saves weights. */
import type { EpochMetrics, GraphDocument } from '../../engine/document.js';
import { serializeDocument } from '../../engine/document.js';
import { normalizeSettings, SETTING_BOUNDS } from '../../engine/train/settings.js';
import { atomicWrite } from '../../main/files/atomic.js';
import { TrainingService } from '../../main/training/service.js';
import { PROVIDERS, type Provider, type TrainEvent } from '../../shared/api.js';
import { MAX_THREADS } from '../../shared/limits.js';
import { DATASET_CHOICES, DATASET_VALUES, datasetsHelp } from '../datasetHelp.js';
import { CliError, numberOption, parse, readDocumentFile, writeJson, type Command } from '../io.js';
import { progressBar } from './progress.js';

const usage = `Usage: convas train FILE --dataset ${DATASET_VALUES} [options]

Trains the network in FILE and reports each epoch.
  --dataset D       ${DATASET_CHOICES}
                    (default: the dataset in the document's training settings; see Datasets below)
  --epochs N        passes over the training samples (default 5)
  --batch-size N    samples per step (default 64)
  --optimizer O     sgd or adam (default adam)
  --lr X            learning rate (default 0.001)
  --momentum X      SGD momentum (default 0.9)
  --seed N          seed for weights, shuffling and dropout (default 1)
  --val-split X     share of the training samples held out for validation (default 0.1)
  --threads N       threads: each batch is split across them (onnxruntime on the CPU: one session
                    per thread; with batch norm one session uses them inside each operator)
                    (default: the cores, at most 2 for the engine)
  --backend B       engine (pure TypeScript), onnxruntime (the graph compiled to one ONNX training
                    step), or auto: onnxruntime when the network compiles, else the engine (default auto)
  --provider P      onnxruntime's device: auto (cuda, then webgpu, then cpu), cpu, cuda or webgpu
                    (default auto); a provider that cannot start falls back to the CPU and says why
  --out FILE        write the document with its trained weights, settings, run history and classes
  --json            one JSON object per line: each epoch, then {"done": true, "testAccuracy", "testLoss"}

Settings not given come from the document's saved training settings, then the defaults above.
Ctrl-C stops after the current batch (the weights so far are still written to --out).
A run whose loss climbs far above its first batch, or stays no better than guessing by class
frequency, goes on but prints a warning on stderr (also with --json) naming the learning rate to try.
Exit status: 0 trained, 1 training diverged (NaN/Inf loss), 2 bad usage, unreadable input or a graph that cannot train.

${datasetsHelp()}`;

function epochLine(m: EpochMetrics, epochs: number): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const val = m.valLoss !== null ? `  val loss ${m.valLoss.toFixed(4)}  val acc ${pct(m.valAccuracy!)}` : '';
  return (
    `epoch ${m.epoch}/${epochs}  loss ${m.loss.toFixed(4)}  acc ${pct(m.accuracy)}${val}  ` +
    `${Math.round(m.samplesPerSecond)} samples/s  ${m.seconds.toFixed(1)} s`
  );
}

export const train: Command = {
  name: 'train',
  summary: 'train a graph on mnist, shapes or a folder (IDX files or images)',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        dataset: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        optimizer: { type: 'string' },
        lr: { type: 'string' },
        momentum: { type: 'string' },
        seed: { type: 'string' },
        'val-split': { type: 'string' },
        threads: { type: 'string' },
        backend: { type: 'string' },
        provider: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new CliError(`expected one FILE\n\n${usage}`);
    const doc = await readDocumentFile(positionals[0]);
    const dataset = values.dataset ?? doc.training?.dataset;
    if (!dataset) throw new CliError(`--dataset is required: ${DATASET_CHOICES}`);
    if (values.optimizer !== undefined && values.optimizer !== 'sgd' && values.optimizer !== 'adam')
      throw new CliError(`--optimizer must be sgd or adam, not "${values.optimizer}"`);
    let settings;
    try {
      settings = normalizeSettings({
        ...doc.training,
        dataset,
        epochs: numberOption(values.epochs, 'epochs', SETTING_BOUNDS.epochs),
        batchSize: numberOption(values['batch-size'], 'batch-size', SETTING_BOUNDS.batchSize),
        optimizer: values.optimizer as 'sgd' | 'adam' | undefined,
        lr: numberOption(values.lr, 'lr', SETTING_BOUNDS.lr),
        momentum: numberOption(values.momentum, 'momentum', SETTING_BOUNDS.momentum),
        seed: numberOption(values.seed, 'seed', SETTING_BOUNDS.seed),
        valSplit: numberOption(values['val-split'], 'val-split', SETTING_BOUNDS.valSplit),
      });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError((e as Error).message);
    }
    const threads = numberOption(values.threads, 'threads', { integer: true, min: 1, max: MAX_THREADS });
    const backend = values.backend ?? 'auto';
    if (backend !== 'auto' && backend !== 'engine' && backend !== 'onnxruntime')
      throw new CliError(`--backend must be engine, onnxruntime or auto, not "${backend}"`);
    const provider = (values.provider ?? 'auto') as Provider;
    if (!PROVIDERS.includes(provider))
      throw new CliError(`--provider must be one of ${PROVIDERS.join(', ')}, not "${provider}"`);
    const json = values.json === true;
    const tty = !json && process.stderr.isTTY === true;
    const service = new TrainingService();

    const outcome = await new Promise<Extract<TrainEvent, { type: 'done' | 'error' }>>((resolve, reject) => {
      let bar: ReturnType<typeof progressBar> | null = null;
      const onEvent = (e: TrainEvent) => {
        if (e.type === 'started') {
          const fallback = e.fallbackReason ? ` (${e.fallbackReason})` : '';
          const threadText = e.threads ? [`${e.threads} thread${e.threads > 1 ? 's' : ''}`] : [];
          if (!json)
            process.stderr.write(`training on ${[e.backend, e.provider, ...threadText].join(' · ')}${fallback}\n`);
          if (tty) bar = progressBar(process.stderr, e.totalBatches);
        } else if (e.type === 'batch')
          bar?.update(
            (e.epoch - 1) * e.batchesPerEpoch + e.batch,
            `epoch ${e.epoch}/${settings.epochs}  loss ${e.loss.toFixed(4)}  ` +
              `acc ${(e.accuracy * 100).toFixed(1)}%  ${Math.round(e.samplesPerSecond)}/s`,
          );
        else if (e.type === 'warning') {
          bar?.clear();
          // stderr in both modes: --json's stdout stays one epoch object per line, then the summary.
          process.stderr.write(`warning: ${e.message}\n`);
        } else if (e.type === 'epoch') {
          bar?.clear();
          if (json) writeJson(e.metrics);
          else process.stdout.write(epochLine(e.metrics, settings.epochs) + '\n');
        } else if (e.type === 'done' || e.type === 'error') {
          bar?.clear();
          process.off('SIGINT', onSigint);
          resolve(e);
        }
      };
      let runId: string | null = null;
      let interrupted = false;
      const onSigint = () => {
        if (interrupted || !runId) process.exit(130);
        interrupted = true;
        process.stderr.write('\nstopping after this batch (Ctrl-C again to quit at once)\n');
        void service.stop(runId);
      };
      process.on('SIGINT', onSigint);
      service.start({ document: doc, settings, threads, backend, provider }, onEvent).then((r) => {
        if (r.ok) runId = r.runId;
        else {
          process.off('SIGINT', onSigint);
          reject(new CliError(r.error));
        }
      }, reject);
    });
    await service.dispose();

    if (outcome.type === 'error') throw new CliError(outcome.message, outcome.epoch !== undefined ? 1 : 2);
    const run = outcome.run;
    if (json)
      writeJson({
        done: true,
        testAccuracy: run.testAccuracy,
        testLoss: run.testLoss,
        stopped: outcome.stopped,
        backend: run.backend,
        provider: run.provider,
      });
    else
      process.stdout.write(
        `${outcome.stopped ? 'stopped early; ' : ''}test accuracy ${((run.testAccuracy ?? 0) * 100).toFixed(2)}%  ` +
          `test loss ${(run.testLoss ?? 0).toFixed(4)}\n`,
      );
    if (values.out) {
      const trained: GraphDocument = {
        ...doc,
        weights: outcome.weights,
        training: settings,
        classes: outcome.classes,
        runs: [...(doc.runs ?? []), run],
      };
      try {
        await atomicWrite(values.out, serializeDocument(trained));
      } catch (e) {
        throw new CliError(
          `--out ${values.out}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
      if (!json) process.stdout.write(`wrote ${values.out}\n`);
    }
    return 0;
  },
};
