/** What every CLI command shares: errors with exit codes, argument parsing, document loading. */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadDocument, type GraphDocument } from '../engine/document.js';
import { fmtInt } from '../engine/format.js';
import { boundsText, inBounds, type Bounds } from '../engine/train/settings.js';
import { MAX_EDGES, MAX_NODES } from '../shared/limits.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into a usage message. */
export function parse<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** A numeric option, checked against its bounds (for training settings, the engine's SETTING_BOUNDS). */
export function numberOption(
  value: string | undefined,
  name: string,
  opts: { integer?: boolean; min?: number; max?: number } | Bounds = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (opts.min !== undefined && opts.max !== undefined) {
    const b = opts as Bounds;
    if (value.trim() === '' || !inBounds(b, n))
      throw new CliError(`--${name} must be ${boundsText(b)}, not "${value}"`);
    return n;
  }
  const bad =
    value.trim() === '' ||
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min);
  if (bad) {
    const kind = opts.integer ? 'an integer' : 'a number';
    throw new CliError(
      `--${name} must be ${kind}${opts.min !== undefined ? ` of at least ${opts.min}` : ''}, not "${value}"`,
    );
  }
  return n;
}

export async function readDocumentFile(path: string): Promise<GraphDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? (e as Error).message})`,
    );
  }
  const result = loadDocument(text);
  if (!result.ok) throw new CliError(`${path}: ${result.error}`);
  // The same ceiling as the app's requests, so a file the CLI accepts also opens in the app.
  const { nodes, edges } = result.document;
  if (nodes.length > MAX_NODES)
    throw new CliError(`${path}: ${fmtInt(nodes.length)} layers; Convas reads graphs of at most ${fmtInt(MAX_NODES)}`);
  if (edges.length > MAX_EDGES)
    throw new CliError(
      `${path}: ${fmtInt(edges.length)} connections; Convas reads graphs of at most ${fmtInt(MAX_EDGES)}`,
    );
  for (const w of result.warnings) process.stderr.write(`warning: ${path}: ${w}\n`);
  return result.document;
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
