import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer } from '@xenova/transformers';
import { loadWordPiece } from '../src/model/tokenizer.ts';
import { pretokenize } from '../src/ner/pretokenize.ts';
import { tokenizeWithOffsets, type WordPieceModel } from '../src/ner/tokenize.ts';
import { sharedPath, writeTokenizerFolder } from './helpers/shared.ts';

const CASES = [
  'Tamoxifen-induced hepatotoxicity in BRCA1 carriers with breast cancer.',
  'IL-2 and TNF-α (tumour necrosis factor α) levels rose ≥ 2-fold; dose 5 ± 0.5 µg/kg.',
  'Naïve T cells, café-au-lait spots, Sjögren syndrome and Ménière disease.',
  'Line one\r\nLine two with p53\rand a lone CR.',
  'Emoji 🧬 before cisplatin, 𝛼-synuclein (math alpha) and 🧪🧪 twice.',
  'Zero\u200bwidth join, soft\u00adhyphen, NBSP\u00a0here, BOM\ufeffinside.',
  'Combining e\u0301 accent, Å and \u212b (angstrom sign).',
  '中文 text with 漢字 and symbols: ™ © ® § ¶ † ‡ • … ‰ ′ ″.',
  'A'.repeat(120) + ' after a long word, and ' + 'ACGT'.repeat(30) + '.',
  '   leading and trailing spaces   ',
  '',
];

let root: string;
let wp: WordPieceModel;
let xenova: { encode(text: string, pair: null, opts?: object): number[] } & Record<string, unknown>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tok-test-'));
  writeTokenizerFolder(root, 'bioformer', sharedPath('data/vocab/bioformer-cased-vocab.txt'));
  wp = await loadWordPiece('bioformer', root);
  xenova = (await AutoTokenizer.from_pretrained('bioformer')) as never;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tokenizeWithOffsets', () => {
  it.each(CASES)('gives exactly the ids of @xenova/transformers for %j', (text) => {
    const ours = tokenizeWithOffsets(text, wp).tokens.map((t) => t.id);
    const theirs = xenova.encode(text, null, { add_special_tokens: false });
    expect(ours).toEqual(theirs);
  });

  it.each(CASES)('maps every piece to the characters it came from in %j', (text) => {
    const { tokens } = tokenizeWithOffsets(text, wp);
    const unk = wp.ids([wp.unkToken])[0];
    for (const t of tokens) {
      expect(t.start).toBeGreaterThanOrEqual(0);
      expect(t.end).toBeLessThanOrEqual(text.length);
      expect(t.end).toBeGreaterThan(t.start);
      if (t.id === unk) continue;
      const piece = wp.pieces(text.slice(t.start, t.end).replace(/[\u200b\u00ad\ufeff]/g, ''));
      // The original characters of a piece re-tokenize to the same piece string (## aside).
      expect(piece.join('').replace(/##/g, '')).toBe(text.slice(t.start, t.end).replace(/[\u200b\u00ad\ufeff]/g, ''));
    }
  });

  it('keeps UTF-16 offsets right after characters outside the BMP', () => {
    const text = '🧬🧬 cisplatin';
    const { words } = tokenizeWithOffsets(text, wp);
    const cis = words.find((w) => w.text === 'cisplatin')!;
    expect(text.slice(cis.start, cis.end)).toBe('cisplatin');
    expect(cis.start).toBe(5); // two surrogate pairs and a space
  });

  it('covers a whole over-long word with one [UNK] token', () => {
    const dna = 'ACGT'.repeat(5000);
    const text = `seq ${dna} end`;
    const { tokens } = tokenizeWithOffsets(text, wp);
    const unk = tokens.find((t) => t.id === wp.ids([wp.unkToken])[0])!;
    expect(text.slice(unk.start, unk.end)).toBe(dna);
    expect(tokens.length).toBe(3);
  });
});

describe('pretokenize', () => {
  it('splits punctuation and ASCII symbols but keeps ±, µ and ≥ inside words', () => {
    const words = pretokenize('IL-2 5±0.5µg ≥2').map((w) => w.text);
    expect(words).toEqual(['IL', '-', '2', '5±0', '.', '5µg', '≥2']);
  });

  it('joins across deleted zero-width characters and keeps their offsets in the word span', () => {
    const [w] = pretokenize('ab\u200bcd');
    expect(w.text).toBe('abcd');
    expect([w.start, w.end]).toEqual([0, 5]);
  });

  it('treats CR, LF and CRLF as whitespace', () => {
    const text = 'a\r\nb\rc\nd';
    expect(pretokenize(text).map((w) => [w.text, w.start])).toEqual([['a', 0], ['b', 3], ['c', 5], ['d', 7]]);
  });

  it('lowercases and strips accents for uncased vocabularies, offsets unchanged', () => {
    const words = pretokenize('Ménière Å', true);
    expect(words.map((w) => w.text)).toEqual(['meniere', 'a']);
    expect(words[0].end).toBe(7);
  });
});
