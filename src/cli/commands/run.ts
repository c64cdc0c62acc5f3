/**
 * `convas run MODEL.onnx --dataset …`: accuracy and throughput of an ONNX model on onnxruntime, on the provider
 * asked for. Input size and class labels come from the model itself.
 */
import { evaluateOnnx } from '../../main/onnx/service.js';
import { PROVIDERS, type Provider } from '../../shared/api.js';
import { DATASET_CHOICES, DATASET_VALUES } from '../datasetHelp.js';
import { CliError, numberOption, parse, writeJson, type Command } from '../io.js';

const usage = `Usage: convas run MODEL.onnx --dataset ${DATASET_VALUES} [--split test|all]
                  [--provider auto|cpu|cuda|webgpu] [--batch-size N] [--json]

Runs the model over a dataset with onnxruntime and prints its accuracy and speed.
  --dataset D      ${DATASET_CHOICES}
                   (shapes and images sized to the model's input; \`convas train --help\` says what each is)
  --split S        test (default) or all (train and test together)
  --provider P     auto (default: cuda, then webgpu, then cpu), cpu, cuda or webgpu; falls back to cpu and says why
  --batch-size N   samples per run (default 256)
  --json           print {"provider", "fallbackReason", "accuracy", "count", "samplesPerSecond"}

Exit status: 0 ran, 2 bad usage, unreadable model or dataset, or a dataset that does not fit the model.`;

export const run: Command = {
  name: 'run',
  summary: 'run an ONNX model over a dataset with onnxruntime (CPU, CUDA or WebGPU)',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        dataset: { type: 'string' },
        split: { type: 'string' },
        provider: { type: 'string' },
        'batch-size': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new CliError(`expected one MODEL.onnx\n\n${usage}`);
    if (!values.dataset) throw new CliError(`--dataset is required\n\n${usage}`);
    const split = values.split ?? 'test';
    if (split !== 'test' && split !== 'all') throw new CliError(`--split must be test or all, not "${split}"`);
    const provider = (values.provider ?? 'auto') as Provider;
    if (!PROVIDERS.includes(provider))
      throw new CliError(`--provider must be one of ${PROVIDERS.join(', ')}, not "${values.provider}"`);
    const batchSize = numberOption(values['batch-size'], 'batch-size', { integer: true, min: 1, max: 65_536 }) ?? 256;
    let r;
    try {
      r = await evaluateOnnx(positionals[0], { dataset: values.dataset }, { split, provider, batchSize });
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (values.json) {
      writeJson({
        provider: r.provider,
        fallbackReason: r.fallbackReason,
        accuracy: r.accuracy,
        count: r.count,
        samplesPerSecond: r.samplesPerSecond,
      });
    } else {
      if (r.fallbackReason) process.stderr.write(`note: ${r.fallbackReason}\n`);
      process.stdout.write(
        `accuracy ${(r.accuracy * 100).toFixed(2)}%  samples ${r.count} (${split})  provider ${r.provider}  ` +
          `${Math.round(r.samplesPerSecond).toLocaleString('en-US')} samples/s\n`,
      );
    }
    return 0;
  },
};
