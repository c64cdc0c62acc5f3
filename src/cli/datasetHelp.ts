/** The CLI's text about datasets, from the registry (src/engine/datasets/registry.ts): one source for every command. */
import { BUILT_IN_DATASETS, DATASET_KINDS, datasetLabel } from '../engine/datasets/registry.js';

/** "mnist|shapes|DIR": the --dataset values for a usage line. */
export const DATASET_VALUES = [...BUILT_IN_DATASETS.map((k) => k.name!), 'DIR'].join('|');

/** "mnist, shapes, or a folder (IDX files or one subfolder of images per class)". */
export const DATASET_CHOICES =
  BUILT_IN_DATASETS.map((k) => k.name).join(', ') + ', or a folder (IDX files or one subfolder of images per class)';

/** `text` in lines of at most `width` characters: the first after `head`, the rest indented to line up. */
function wrap(head: string, text: string, width = 100): string[] {
  const indent = ' '.repeat(head.length);
  const lines: string[] = [];
  let line = head;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.endsWith(' ') || line === indent ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** A "Datasets:" section for --help: each kind with what it is, its counts, source and licence. */
export function datasetsHelp(): string {
  const out = ['Datasets (--dataset):'];
  for (const k of DATASET_KINDS) {
    out.push(
      ...wrap(
        `  ${(k.name ?? 'DIR').padEnd(8)}`,
        `${datasetLabel(k)}: ${k.summary}. Source: ${k.source}; licence: ${k.licence}.`,
      ),
    );
  }
  return out.join('\n');
}
