/**
 * UTF-8 for ONNX string fields (attribute `s`/`strings` are bytes). The engine's lib is plain ES2022, which has
 * no TextEncoder, so this is the encoding written out (RFC 3629), surrogate pairs included.
 */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; a malformed byte becomes U+FFFD. */
export function decodeUtf8(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    if (need < 0 || i + need >= b.length) {
      out += need === 0 ? String.fromCodePoint(c) : '\ufffd';
      i++;
      continue;
    }
    let cp = need === 0 ? c : c & (0x3f >> need);
    let ok = true;
    for (let j = 1; j <= need; j++) {
      if ((b[i + j] & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (b[i + j] & 63);
    }
    out += ok ? String.fromCodePoint(cp) : '\ufffd';
    i += ok ? need + 1 : 1;
  }
  return out;
}
