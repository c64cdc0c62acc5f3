/**
 * The IDX format of MNIST and its kin (Fashion-MNIST, KMNIST, EMNIST), as LeCun and Cortes describe it on the MNIST
 * page: a big-endian header — two zero bytes, a type byte (0x08: unsigned bytes), a byte with the number of
 * dimensions d — then d big-endian int32 sizes, then the values, row-major. Labels are d = 1 (magic 0x00000801),
 * images d = 3, [count, rows, columns] (magic 0x00000803). Pure: the caller reads the bytes (src/main/datasets).
 */

export type IdxRole = 'images' | 'labels';

export interface IdxHeader {
  /** [count] for labels, [count, rows, columns] for images. */
  dims: number[];
  /** Bytes before the values. */
  headerBytes: number;
  /** Bytes of values the header promises: the product of dims. */
  dataBytes: number;
}

const MAGIC: Record<IdxRole, number> = { labels: 0x00000801, images: 0x00000803 };
const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

/** Bytes an IDX header of this role takes: 4 for the magic number, 4 per dimension. */
export const idxHeaderBytes = (role: IdxRole) => 4 + 4 * (MAGIC[role] & 0xff);

/** Parses the header at the start of `bytes` (at least idxHeaderBytes(role) of them); `file` names it in errors. */
export function parseIdxHeader(bytes: Uint8Array, role: IdxRole, file: string): IdxHeader {
  const want = MAGIC[role];
  if (bytes.length < 4) throw new Error(`${file}: not an IDX ${role} file — it holds only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== want) {
    const other = (Object.keys(MAGIC) as IdxRole[]).find((r) => MAGIC[r] === magic);
    const why = other
      ? `it holds ${other}`
      : bytes[0] === 0x1f && bytes[1] === 0x8b
        ? 'it is gzip-compressed; name it with .gz'
        : `its magic number is ${hex(magic)}`;
    throw new Error(`${file}: not an IDX ${role} file (magic number ${hex(want)}): ${why}`);
  }
  const headerBytes = idxHeaderBytes(role);
  if (bytes.length < headerBytes)
    throw new Error(`${file}: truncated — the IDX header needs ${headerBytes} bytes, the file holds ${bytes.length}`);
  const dims = Array.from({ length: (headerBytes - 4) / 4 }, (_, i) => view.getUint32(4 + 4 * i));
  if (role === 'images' && (dims[1] < 1 || dims[2] < 1))
    throw new Error(`${file}: the IDX header says its images are ${dims[1]}×${dims[2]} pixels`);
  return { dims, headerBytes, dataBytes: dims.reduce((a, b) => a * b, 1) };
}

/** Throws naming the file when it holds fewer bytes than its header promises (or more: two files glued). */
export function checkIdxLength(h: IdxHeader, fileBytes: number, file: string): void {
  const want = h.headerBytes + h.dataBytes;
  if (fileBytes === want) return;
  const what =
    h.dims.length === 3
      ? `${h.dims[0].toLocaleString('en-US')} images of ${h.dims[1]}×${h.dims[2]}`
      : `${h.dims[0].toLocaleString('en-US')} labels`;
  if (fileBytes < want)
    throw new Error(
      `${file}: truncated — its header promises ${what} (${want.toLocaleString('en-US')} bytes), ` +
        `the file holds ${fileBytes.toLocaleString('en-US')}`,
    );
  throw new Error(
    `${file}: ${(fileBytes - want).toLocaleString('en-US')} bytes follow the ${what} its header promises`,
  );
}

/** Throws naming both files when their counts differ. */
export function checkIdxPair(images: IdxHeader, labels: IdxHeader, imagesFile: string, labelsFile: string): void {
  if (images.dims[0] !== labels.dims[0]) {
    throw new Error(
      `${imagesFile} holds ${images.dims[0].toLocaleString('en-US')} images but ` +
        `${labelsFile} holds ${labels.dims[0].toLocaleString('en-US')} labels; they must be the same samples`,
    );
  }
}

/** Throws naming the file and the sample when a label is not a class index below `classes`. */
export function checkIdxLabels(labels: Uint8Array, classes: number, file: string, classSource: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes)
      throw new Error(
        `${file}: sample ${i} has label ${labels[i]}, past the ${classes} classes` +
          (classSource ? ` ${classSource}` : ''),
      );
  }
}
