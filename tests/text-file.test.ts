import { describe, expect, it } from 'vitest';
import { decodeTextFile } from '../src/formats/text-file.ts';
import { splitChunks } from '../src/ner/chunk.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeTextFile', () => {
  it('decodes UTF-8 with and without a BOM, keeping CRLF and lone CR', () => {
    const text = 'TNF-α\r\nline\rend 🧬';
    expect(decodeTextFile(utf8(text))).toEqual({ ok: true, text, encoding: 'UTF-8' });
    expect(decodeTextFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ ok: true, text, encoding: 'UTF-8' });
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = 'p53 ± µg 🧬';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + 2 * i] = c & 0xff; le[3 + 2 * i] = c >> 8;
      be[2 + 2 * i] = c >> 8; be[3 + 2 * i] = c & 0xff;
    }
    expect(decodeTextFile(le)).toEqual({ ok: true, text, encoding: 'UTF-16LE' });
    expect(decodeTextFile(be)).toEqual({ ok: true, text, encoding: 'UTF-16BE' });
  });

  it('refuses binary files with a reason', () => {
    expect(decodeTextFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10]))).toEqual({ ok: false, reason: 'it is a PNG image, not text' });
    expect(decodeTextFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({ ok: false, reason: expect.stringContaining('ZIP') });
    expect(decodeTextFile(new Uint8Array([65, 0, 66]))).toMatchObject({ ok: false, reason: expect.stringContaining('NUL') });
  });

  it('refuses invalid UTF-8 instead of inventing characters', () => {
    expect(decodeTextFile(new Uint8Array([65, 0xc3, 0x28, 66]))).toMatchObject({ ok: false, reason: expect.stringContaining('not valid UTF-8') });
  });
});

describe('splitChunks', () => {
  it('reassembles exactly, respects the size limit and cuts at paragraph breaks when it can', () => {
    const para = 'Sentence one is here. Sentence two follows it.';
    const text = Array.from({ length: 200 }, (_, i) => `${para} ${i}`).join('\n\n');
    const chunks = splitChunks(text, 1000);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(1000);
      expect(text.slice(c.start, c.start + c.text.length)).toBe(c.text);
    }
    expect(chunks.slice(0, -1).every((c) => c.text.endsWith('\n\n'))).toBe(true);
  });

  it('never splits a surrogate pair, even with no whitespace at all', () => {
    const text = '🧬'.repeat(3000);
    const chunks = splitChunks(text, 999);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const c of chunks) expect(c.text.length % 2).toBe(0);
  });
});
