/**
 * The CRF tagger's per-word inputs, computed exactly as training/tagger_data.py computes them, from the word's
 * `featureText`: the embedding key (lower-cased, ASCII digits as 0), the casing class, and the character ids (a word longer than
 * `maxWordChars` code points keeps its first and last halves). tests/tagger-features.test.ts checks them
 * against a fixture the trainer writes.
 */

import type { Dictionary } from './dictionary-features.ts';

/** Casing classes in the order of the model's casing embedding (training/tagger_data.py CASINGS). */
export const CASINGS = ['pad', 'lower', 'upper', 'title', 'mixed', 'numeric', 'has_digit', 'punct', 'other'] as const;
export type Casing = (typeof CASINGS)[number];

export const PAD_ID = 0;
export const UNK_ID = 1;

/** Superscript and subscript digits and signs, as ASCII (training/tagger_data.py `_FOLD`, the same table). */
const FOLD = new Map<string, string>([
  ...[...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((c, i) => [c, String(i)] as [string, string]),
  ...[...'₀₁₂₃₄₅₆₇₈₉'].map((c, i) => [c, String(i)] as [string, string]),
  ['⁺', '+'], ['₊', '+'], ['⁻', '-'], ['₋', '-'],
]);
/** Those characters and the full-width forms U+FF01–FF5E (ASCII 0x21–0x7E shifted by 0xFEE0). */
const FOLDED = new RegExp(`[${[...FOLD.keys()].join('')}\\uff01-\\uff5e]`, 'g');

/**
 * A word as the features read it: superscript and subscript digits and signs as ASCII ("Ca²⁺" as "Ca2+", "CO₂"
 * as "CO2") and full-width forms as ASCII ("ＡＳＰＩＲＩＮ"), the way the corpora the tagger learnt from write them
 * (they hold about eighty such characters in all). The text and its offsets are not changed.
 */
export function featureText(word: string): string {
  return word.replace(FOLDED, (c) => FOLD.get(c) ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export function wordKey(word: string): string {
  return featureText(word).toLowerCase().replace(/[0-9]/g, '0');
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;

export function casing(word: string): Casing {
  const chars = Array.from(featureText(word));
  if (!chars.some((c) => LETTER_OR_NUMBER.test(c))) return 'punct';
  const digit = (c: string) => c >= '0' && c <= '9';
  if (chars.every(digit)) return 'numeric';
  if (chars.some(digit)) return 'has_digit';
  const up = chars.map((c) => UPPER.test(c));
  const upper = up.some(Boolean);
  const lower = chars.some((c) => LOWER.test(c));
  if (lower && !upper) return 'lower';
  if (upper && !lower) return 'upper';
  if (upper && up[0] && !up.slice(1).some(Boolean)) return 'title';
  if (upper) return 'mixed';
  return 'other';
}

/** The code points the character CNN reads. */
export function clipChars(word: string, maxWordChars: number): string[] {
  const chars = Array.from(featureText(word));
  if (chars.length <= maxWordChars) return chars;
  const half = Math.floor(maxWordChars / 2);
  return [...chars.slice(0, half), ...chars.slice(chars.length - half)];
}

/** Looks words and characters up in the model's vocabularies. */
export class TaggerVocab {
  private readonly wordIndex: Map<string, number>;
  private readonly charIndex: Map<string, number>;

  /** `dictionary`: a model with dictionary features (format.ts `dictionary`) reads them in its casing ids. */
  constructor(words: readonly string[], chars: readonly string[], readonly maxWordChars: number, private readonly dictionary?: Dictionary) {
    this.wordIndex = new Map(words.map((w, i) => [w, i]));
    this.charIndex = new Map(chars.map((c, i) => [c, i]));
  }

  wordId(word: string): number {
    return this.wordIndex.get(wordKey(word)) ?? UNK_ID;
  }

  charIds(word: string): number[] {
    return clipChars(word, this.maxWordChars).map((c) => this.charIndex.get(c) ?? UNK_ID);
  }

  casingId(word: string): number {
    return CASINGS.indexOf(casing(word));
  }

  /** A sentence's casing-embedding rows: the casing class, and with a dictionary class · patterns + pattern. */
  casingIds(words: readonly string[]): Int32Array {
    const out = Int32Array.from(words, (w) => this.casingId(w));
    if (!this.dictionary) return out;
    const patterns = this.dictionary.patternsOf(words);
    const n = this.dictionary.patterns;
    for (let i = 0; i < out.length; i++) out[i] = out[i] * n + patterns[i];
    return out;
  }
}
