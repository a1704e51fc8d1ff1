import { describe, expect, it } from 'vitest';
import { Dictionary, fnv1a, MAX_NAME_WORDS } from '../src/ner/dictionary-features.ts';
import { nameKey } from '../src/linking/normalize.ts';
import { TaggerVocab, CASINGS } from '../src/ner/tagger-features.ts';

const TYPES = ['Chemical', 'Disease', 'Gene', 'Species'];
const dict = Dictionary.fromKeys(TYPES, [
  ['cisplatin', 'interleukin 6', 'IL-6'].map(nameKey),
  ['breast cancer', 'cancer', 'Arthritis, Rheumatoid', "Parkinson's Disease"].map(nameKey),
  ['IL-6', 'BRCA1', 'tumor necrosis factor alpha'].map(nameKey),
  ['Mus musculus'].map(nameKey),
]);
/** The state letter of type `t` in each word's pattern. */
const states = (words: string[], t: number) => Array.from(dict.patternsOf(words), (p) => 'OBI'[Math.floor(p / 3 ** t) % 3]).join('');

describe('dictionary features', () => {
  it('marks the longest name from each word, per type, on the words as the app splits them', () => {
    const words = ['breast', 'cancer', 'and', 'IL', '-', '6', 'in', 'Mus', 'musculus'];
    expect(states(words, 1)).toBe('BIOOOOOOO'); // "breast cancer", not "cancer" alone
    expect(states(words, 0)).toBe('OOOBIIOOO');
    expect(states(words, 2)).toBe('OOOBIIOOO');
    expect(states(words, 3)).toBe('OOOOOOOBI');
  });

  it('folds names as the linker does: case, word order, Greek letters', () => {
    expect(states(['rheumatoid', 'arthritis'], 1)).toBe('BI');
    expect(states(['TNF', '-', 'α'], 2)).toBe('OOO'); // not a listed name
    expect(states(['tumour', 'necrosis', 'factor', '-', 'α'], 2)).toBe('BIIII');
    expect(states(['Parkinson', "'", 's', 'disease'], 1)).toBe('BIII'); // the app's words of "Parkinson's disease"
    expect(states(['Parkinson', 'disease'], 1)).toBe('BI');
  });

  it('never starts or ends a name on a stop word or punctuation', () => {
    expect(states(['in', 'the', 'BRCA1', 'gene'], 2)).toBe('OOBO');
    expect(states(['(', 'BRCA1', ')'], 2)).toBe('OBO');
    expect(states(['cancer', 'of', 'the'], 1)).toBe('BOO');
  });

  it('looks no further than MAX_NAME_WORDS words', () => {
    const long = Array.from({ length: MAX_NAME_WORDS + 1 }, (_, i) => `w${i}`);
    const d = Dictionary.fromKeys(['A'], [[nameKey(long.join(' ')), nameKey(long.slice(0, MAX_NAME_WORDS).join(' '))]]);
    expect(Array.from(d.patternsOf(long))).toEqual([1, ...Array(MAX_NAME_WORDS - 1).fill(2), 0]);
  });

  it('gives every word pattern 0 in a text without names, and handles an empty sentence', () => {
    expect(Array.from(dict.patternsOf(['the', 'patients', 'improved']))).toEqual([0, 0, 0]);
    expect(dict.patternsOf([]).length).toBe(0);
  });

  it('finds every name of a large dictionary and no other: its prefilter drops no name', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `zq${(i * 7919).toString(36)}`);
    const big = Dictionary.fromKeys(TYPES, [0, 1, 2, 3].map((t) => names.slice(t * 5_000, (t + 1) * 5_000).map(nameKey)));
    names.forEach((n, i) => expect(big.patternsOf([n])[0], n).toBe(3 ** Math.floor(i / 5_000)));
    const others = Array.from({ length: 20_000 }, (_, i) => `zx${(i * 7919).toString(36)}`);
    // a hash set answers for a name whose 32-bit hash a member shares, and for no other
    const hashes = new Set(names.map((n) => fnv1a(nameKey(n))));
    expect(others.filter((n) => big.patternsOf([n])[0] !== 0)).toEqual(others.filter((n) => hashes.has(fnv1a(nameKey(n)))));
  });

  it('round-trips through its file and refuses a file it cannot read', () => {
    const bytes = dict.toBytes();
    const back = Dictionary.fromBytes(bytes, TYPES);
    expect(Array.from(back.patternsOf(['IL', '-', '6']))).toEqual(Array.from(dict.patternsOf(['IL', '-', '6'])));
    expect(() => Dictionary.fromBytes(bytes.slice(0, bytes.length - 4), TYPES)).toThrow(/truncated/);
    expect(() => Dictionary.fromBytes(bytes, ['Chemical'])).toThrow(/4 types/);
    expect(() => Dictionary.fromBytes(new Uint8Array(16), TYPES)).toThrow(/not a dictionary/);
    expect(fnv1a('a')).toBe(0xe40c292c); // FNV-1a's published value
    expect(fnv1a('é')).toBe(fnv1a('\u00e9')); // hashed as UTF-8 bytes
    expect(fnv1a('é')).not.toBe(fnv1a('e'));
  });

  it('puts the pattern into the casing ids of a model with dictionary features', () => {
    const words = ['BRCA1', 'breast', 'cancer'];
    const plain = new TaggerVocab(['<pad>', '<unk>'], ['<pad>', '<unk>'], 24);
    const withDict = new TaggerVocab(['<pad>', '<unk>'], ['<pad>', '<unk>'], 24, dict);
    const cas = words.map((w) => plain.casingId(w));
    expect(Array.from(plain.casingIds(words))).toEqual(cas);
    const pats = dict.patternsOf(words);
    expect(Array.from(withDict.casingIds(words))).toEqual(cas.map((c, i) => c * 81 + pats[i]));
    expect(dict.patterns).toBe(81);
    expect(Math.max(...withDict.casingIds(words))).toBeLessThan(CASINGS.length * 81);
  });
});
