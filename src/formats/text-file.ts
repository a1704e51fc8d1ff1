/** Turning the bytes of a dropped file into text, or a clear reason why not. */

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

/** Files above this are refused outright (the tab's memory is the limit, not the model). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF (save it as text first)', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive (or a Word/Excel file)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/**
 * Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM. Binary data (known file signatures or NUL
 * bytes) and invalid UTF-8 are refused. Line ends are kept as they are: offsets refer to the text as read.
 */
export function decodeTextFile(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return decodeWith('utf-16le', bytes.subarray(2), 'UTF-16LE');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return decodeWith('utf-16be', bytes.subarray(2), 'UTF-16BE');
  }
  for (const [what, sig] of SIGNATURES) if (startsWith(bytes, sig)) return { ok: false, reason: `it is ${what}, not text` };
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.includes(0)) return { ok: false, reason: 'it contains NUL bytes, so it is binary, not text' };
  return decodeWith('utf-8', body, 'UTF-8');
}

function decodeWith(label: string, bytes: Uint8Array, name: string): DecodeResult {
  try {
    const text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text, encoding: name };
  } catch {
    return { ok: false, reason: `it is not valid ${name} text (save it as UTF-8)` };
  }
}
