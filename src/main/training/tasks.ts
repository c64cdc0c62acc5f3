/** One-off requests the worker answers: dataset info, sample images (with predictions), evaluation. */
import { analyze } from '../../engine/analyze.js';
import type { GraphDocument } from '../../engine/document.js';
import { checkGraph, checkTrainable } from '../../engine/train/check.js';
import { evaluate } from '../../engine/train/evaluate.js';
import { Model } from '../../engine/train/model.js';
import { weightsStatus } from '../../engine/trained.js';
import { weightsFromRecord } from '../../engine/weights.js';
import { samplesAsFloats, type Dataset } from '../../engine/datasets/types.js';
import type { DatasetInfo, EvalResult, SampleImages } from '../../shared/api.js';
import { datasetInfo, loadDataset, loadSamples } from '../datasets/index.js';
import { refForDocument } from './dataref.js';
import type { TaskJob } from './workerJobs.js';

/**
 * A model from a document's stored weights; refuses a document that has none that fit (nothing trained to
 * evaluate). Layers whose weights an edit dropped start from the training seed, as in the ONNX export, so a
 * partly trained network predicts here exactly as its exported file does.
 */
export function trainedModel(doc: GraphDocument, dataset?: Pick<Dataset, 'shape' | 'classes' | 'name'>): Model {
  const a = dataset ? checkTrainable(doc, dataset) : checkGraph(doc);
  if (!doc.weights) throw new Error(`the document "${doc.name}" has no trained weights — train it first`);
  if (weightsStatus(a, doc.weights).state === 'untrained') {
    throw new Error(
      `the document "${doc.name}" is untrained: none of its stored weights fit the graph any more — train it again`,
    );
  }
  return new Model(doc, a, weightsFromRecord(a, doc.weights, doc.training?.seed ?? 1).weights);
}

export async function runTask(job: TaskJob): Promise<DatasetInfo | SampleImages | EvalResult> {
  if (job.task === 'info') return datasetInfo(await loadDataset(job.ref));
  if (job.task === 'eval') {
    const dataset = await loadDataset(refForDocument(job.ref, job.document, analyze(job.document)));
    const model = trainedModel(job.document, dataset);
    const test = evaluate(model, dataset.test);
    if (job.split === 'test') return { ...test, classes: dataset.classes };
    // 'all': train and test together, counts weighted.
    const tr = evaluate(model, dataset.train);
    const count = tr.count + test.count;
    return {
      accuracy: (tr.accuracy * tr.count + test.accuracy * test.count) / count,
      loss: (tr.loss * tr.count + test.loss * test.count) / count,
      count,
      confusion: tr.confusion.map((row, i) => row.map((v, j) => v + test.confusion[i][j])),
      classes: dataset.classes,
    };
  }
  // Only the samples asked for are read (an image folder decodes just their files), spread over the split.
  const ref = job.document ? refForDocument(job.ref, job.document, analyze(job.document)) : job.ref;
  const { dataset, samples } = await loadSamples(ref, job.split, job.count);
  const size = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const model = job.document?.weights ? trainedModel(job.document, dataset) : null;
  const images: SampleImages['images'] = [];
  for (let i = 0; i < samples.count; i++) {
    const pixels = samplesAsFloats(samples.x, size, i, 1);
    const image: SampleImages['images'][number] = { pixels: Array.from(pixels), label: samples.y[i] };
    if (model) {
      const p = model.predict(pixels, 1);
      image.probabilities = Array.from(p);
      image.predicted = image.probabilities.indexOf(Math.max(...image.probabilities));
    }
    images.push(image);
  }
  return { images, shape: dataset.shape, classes: dataset.classes };
}
