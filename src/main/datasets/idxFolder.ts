/**
 * An IDX folder: the four files of MNIST's layout — train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each also as .gz and with the `.idx3-ubyte` spelling — as
 * Fashion-MNIST, KMNIST and EMNIST ship them. Class names come from an optional classes.txt (one per line);
 * otherwise they are the labels' numbers, 0 to the largest label. Images are grey, at the files' size: a network
 * whose input differs is told the file and the size to use. The built-in MNIST is read the same way (mnist.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { checkIdxLabels, checkIdxPair, type IdxHeader } from '../../engine/datasets/idx.js';
import type { DataSplit, Dataset } from '../../engine/datasets/types.js';
import type { DatasetRef } from '../../shared/api.js';
import { splitBytes, type DatasetDescription } from './describe.js';
import { readIdxFile, readIdxHeader } from './idxFile.js';

export interface IdxFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** The accepted names of each file, in the order they are looked for. */
const NAMES: Record<keyof IdxFiles, string[]> = {
  trainImages: spellings('train-images', 3),
  trainLabels: spellings('train-labels', 1),
  testImages: spellings('t10k-images', 3),
  testLabels: spellings('t10k-labels', 1),
};

function spellings(stem: string, dims: number): string[] {
  const plain = [`${stem}-idx${dims}-ubyte`, `${stem}.idx${dims}-ubyte`];
  return [...plain, ...plain.map((n) => `${n}.gz`)];
}

/** The folder's four IDX files, or null when it lacks any (it is then not an IDX folder). */
export async function findIdxFiles(dir: string): Promise<IdxFiles | null> {
  let names: Set<string>;
  try {
    names = new Set(await readdir(dir));
  } catch {
    return null;
  }
  const found: Partial<IdxFiles> = {};
  for (const key of Object.keys(NAMES) as (keyof IdxFiles)[]) {
    const name = NAMES[key].find((n) => names.has(n));
    if (!name) return null;
    found[key] = join(dir, name);
  }
  return found as IdxFiles;
}

/** classes.txt's names (blank lines dropped), or null when the folder has none. */
async function classesTxt(dir: string): Promise<{ names: string[]; file: string } | null> {
  const file = join(dir, 'classes.txt');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (names.length < 2)
    throw new Error(
      `${file}: lists ${names.length} class name${names.length === 1 ? '' : 's'}; give one per line, at least two`,
    );
  return { names, file };
}

const shapeOf = (h: IdxHeader): [number, number, number] => [1, h.dims[1], h.dims[2]];

/** Throws naming the file when the request asks for a size its images are not. */
function checkRequested(ref: DatasetRef | undefined, shape: [number, number, number], file: string): void {
  if (!ref || (ref.height === undefined && ref.width === undefined && ref.channels === undefined)) return;
  const want = [ref.channels ?? shape[0], ref.height ?? shape[1], ref.width ?? shape[2]];
  if (want.join() === shape.join()) return;
  throw new Error(
    `${file} holds ${shape[1]}×${shape[2]} grey images but the network's input is ${want.join('×')} — ` +
      `set the input to channels 1, height ${shape[1]}, width ${shape[2]}`,
  );
}

/** Headers of all four files, checked against each other. */
async function headers(files: IdxFiles) {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxHeader(files.trainImages, 'images'),
    readIdxHeader(files.trainLabels, 'labels'),
    readIdxHeader(files.testImages, 'images'),
    readIdxHeader(files.testLabels, 'labels'),
  ]);
  checkIdxPair(trainImages, trainLabels, files.trainImages, files.trainLabels);
  checkIdxPair(testImages, testLabels, files.testImages, files.testLabels);
  if (shapeOf(testImages).join() !== shapeOf(trainImages).join()) {
    throw new Error(
      `${files.testImages} holds ${testImages.dims[1]}×${testImages.dims[2]} images but ` +
        `${files.trainImages} holds ${trainImages.dims[1]}×${trainImages.dims[2]}; both splits need one size`,
    );
  }
  return { trainImages, testImages };
}

/** Label bytes as int32 in shared memory, each checked against the class count. */
function labelsOf(values: Uint8Array, classes: number, file: string, classSource: string): Int32Array {
  checkIdxLabels(values, classes, file, classSource);
  const y = new Int32Array(new SharedArrayBuffer(values.length * 4));
  y.set(values);
  return y;
}

/** Class names when given, else "0" … the largest label of either split. */
function classNames(given: string[] | null, ...labels: Uint8Array[]): string[] {
  if (given) return given;
  let max = 1;
  for (const l of labels) for (let i = 0; i < l.length; i++) if (l[i] > max) max = l[i];
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}

/** Both splits of four IDX files, pixels as bytes in shared memory. `given` classes bound the labels. */
export async function loadIdxSplits(
  files: IdxFiles,
  given: string[] | null,
  classSource = 'in classes.txt',
  ref?: DatasetRef,
) {
  const h = await headers(files);
  const shape = shapeOf(h.trainImages);
  checkRequested(ref, shape, files.trainImages);
  const [trainX, trainY, testX, testY] = await Promise.all([
    readIdxFile(files.trainImages, 'images'),
    readIdxFile(files.trainLabels, 'labels'),
    readIdxFile(files.testImages, 'images'),
    readIdxFile(files.testLabels, 'labels'),
  ]);
  const classes = classNames(given, trainY.values, testY.values);
  const source = given ? classSource : '';
  const train: DataSplit = {
    x: trainX.values,
    y: labelsOf(trainY.values, classes.length, files.trainLabels, source),
    count: trainX.header.dims[0],
  };
  const test: DataSplit = {
    x: testX.values,
    y: labelsOf(testY.values, classes.length, files.testLabels, source),
    count: testX.header.dims[0],
  };
  return { train, test, shape, classes };
}

/** What four IDX files hold, from their headers (and the labels, for the class names). */
export async function idxDescription(
  files: IdxFiles,
  given: string[] | null,
  ref?: DatasetRef,
): Promise<Omit<DatasetDescription, 'id' | 'name'>> {
  const h = await headers(files);
  const shape = shapeOf(h.trainImages);
  checkRequested(ref, shape, files.trainImages);
  const classes =
    given ??
    classNames(
      null,
      (await readIdxFile(files.trainLabels, 'labels')).values,
      (await readIdxFile(files.testLabels, 'labels')).values,
    );
  const [trainCount, testCount] = [h.trainImages.dims[0], h.testImages.dims[0]];
  const size = shape[1] * shape[2];
  return {
    shape,
    classes,
    trainCount,
    testCount,
    bytes: splitBytes(trainCount, size, 1) + splitBytes(testCount, size, 1),
  };
}

function folderFiles(files: IdxFiles | null, root: string): IdxFiles {
  if (!files)
    throw new Error(
      `dataset folder ${root} lacks one of its IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, ` +
        't10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each may end in .gz)',
    );
  return files;
}

export async function loadIdxFolder(ref: DatasetRef): Promise<Dataset> {
  const root = resolve(ref.dataset);
  const files = folderFiles(await findIdxFiles(root), root);
  const given = await classesTxt(root);
  const { train, test, shape, classes } = await loadIdxSplits(
    files,
    given?.names ?? null,
    given ? `listed in ${given.file}` : '',
    ref,
  );
  return { id: root, name: basename(root), shape, classes, train, test };
}

export async function describeIdxFolder(ref: DatasetRef): Promise<DatasetDescription> {
  const root = resolve(ref.dataset);
  const files = folderFiles(await findIdxFiles(root), root);
  const given = await classesTxt(root);
  return { id: root, name: basename(root), ...(await idxDescription(files, given?.names ?? null, ref)) };
}
