/**
 * NumPy `.npy` format version 1.0 for little-endian float32 arrays (numpy/lib/format.py): the magic
 * "\x93NUMPY", version bytes 1 0, a uint16 little-endian header length, then an ASCII Python dict literal padded
 * with spaces and ended by "\n" so that the data starts on a 64-byte boundary, then the C-order data.
 */
import { sizeOf } from '../kernels/scratch.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  if (sizeOf(shape) !== data.length) throw new Error(`shape [${shape.join(', ')}] does not hold ${data.length} values`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = Uint8Array.from(header, (ch) => ch.charCodeAt(0)); // the header is ASCII
  const out = new Uint8Array(10 + headerBytes.length + data.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerBytes.length & 0xff;
  out[9] = headerBytes.length >> 8;
  out.set(headerBytes, 10);
  const view = new DataView(out.buffer, 10 + headerBytes.length);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

/** Reads back what encodeNpy writes (v1.0, '<f4', C order); throws on anything else. */
export function decodeNpy(bytes: Uint8Array): { data: Float32Array; shape: number[] } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not an .npy file');
  if (bytes[6] !== 1) throw new Error(`.npy version ${bytes[6]}.${bytes[7]} is not supported`);
  const len = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + len));
  if (!/'descr':\s*'<f4'/.test(header) || !/'fortran_order':\s*False/.test(header))
    throw new Error(`unsupported .npy header ${header.trim()}`);
  const m = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!m) throw new Error('the .npy header has no shape');
  const shape = m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const n = sizeOf(shape);
  const start = 10 + len;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, n * 4);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
  return { data, shape };
}
