/** PNG files written byte by byte for tests, independent of sharp (PNG spec: signature, then chunks). */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * A grey 8-bit PNG of width × height zeros: a few kB on disk that inflate to width·height bytes (a decompression
 * bomb when large). With `truncate`, the IDAT data is cut short: the header reads, the pixels do not.
 */
export function blankPng(path: string, width: number, height: number, options: { truncate?: boolean } = {}): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, filter 0, no interlace
  const rows = Buffer.alloc((width + 1) * height); // each row: filter byte 0, then the pixels
  let idat = deflateSync(rows, { level: 9 });
  if (options.truncate) idat = idat.subarray(0, Math.max(2, idat.length >> 1));
  const parts = [
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ];
  writeFileSync(path, Buffer.concat(parts));
  return path;
}
