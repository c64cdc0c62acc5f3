/**
 * Reads one IDX file (src/engine/datasets/idx.ts), plain or gzip-compressed (a name ending in .gz), straight into
 * shared memory: the training threads read the same bytes without a copy (shareSplit). A plain
 * file's values are read into place; a .gz file is inflated whole (node:zlib) and its values copied once.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import {
  checkIdxLength,
  idxHeaderBytes,
  parseIdxHeader,
  type IdxHeader,
  type IdxRole,
} from '../../engine/datasets/idx.js';

const inflate = promisify(gunzip);
const isGz = (file: string) => /\.gz$/i.test(file);

export interface IdxFile {
  header: IdxHeader;
  /** The values, in a SharedArrayBuffer. */
  values: Uint8Array;
}

function unreadable(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`${file}: no such file`);
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
    return new Error(`${file}: not a readable gzip file (${(e as Error).message})`);
  return new Error(`${file}: cannot be read (${code ?? (e as Error).message})`);
}

/** The first `n` bytes of the file's contents (inflated for .gz), or fewer when it is shorter. */
async function firstBytes(file: string, n: number): Promise<Uint8Array> {
  if (!isGz(file)) {
    const fd = await open(file, 'r');
    try {
      const buf = new Uint8Array(n);
      const { bytesRead } = await fd.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  }
  // Inflate only as far as the header: describing a 26 MB .gz costs a few kB.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const input = createReadStream(file);
    const gz = createGunzip();
    const done = () => {
      input.destroy();
      gz.destroy();
      resolve(new Uint8Array(Buffer.concat(chunks)).subarray(0, n));
    };
    gz.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= n) done();
    });
    gz.on('end', done);
    gz.on('error', reject);
    input.on('error', reject);
    input.pipe(gz);
  });
}

/** The file's IDX header, without reading its values. */
export async function readIdxHeader(file: string, role: IdxRole): Promise<IdxHeader> {
  let head: Uint8Array;
  try {
    head = await firstBytes(file, idxHeaderBytes(role));
  } catch (e) {
    throw unreadable(file, e);
  }
  return parseIdxHeader(head, role, file);
}

/** The whole file: its header, checked against the file's length, and its values in shared memory. */
export async function readIdxFile(file: string, role: IdxRole): Promise<IdxFile> {
  if (isGz(file)) {
    let bytes: Uint8Array;
    try {
      bytes = await inflate(await readFile(file));
    } catch (e) {
      throw unreadable(file, e);
    }
    const header = parseIdxHeader(bytes, role, file);
    checkIdxLength(header, bytes.length, file);
    const values = new Uint8Array(new SharedArrayBuffer(header.dataBytes));
    values.set(bytes.subarray(header.headerBytes));
    return { header, values };
  }
  let fd;
  try {
    fd = await open(file, 'r');
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const head = new Uint8Array(idxHeaderBytes(role));
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    const header = parseIdxHeader(head.subarray(0, bytesRead), role, file);
    checkIdxLength(header, (await fd.stat()).size, file);
    const values = new Uint8Array(new SharedArrayBuffer(header.dataBytes));
    for (let at = 0; at < values.length;) {
      const { bytesRead: n } = await fd.read(values, at, values.length - at, header.headerBytes + at);
      if (n === 0) throw new Error(`${file}: truncated while reading (the file shrank)`);
      at += n;
    }
    return { header, values };
  } finally {
    await fd.close();
  }
}
