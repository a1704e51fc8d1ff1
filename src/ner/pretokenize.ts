/**
 * BERT's basic tokenization (as @xenova/transformers' BertNormalizer + BertPreTokenizer do it), keeping
 * for every character of every word its offsets in the original string.
 *
 * - NUL, U+FFFD and control/format/private-use characters are deleted without splitting a word;
 * - whitespace (JavaScript \s) splits;
 * - punctuation (Unicode P* and ASCII symbols) and BMP CJK ideographs are words of their own;
 * - uncased vocabularies lowercase and strip accents character by character.
 * Offsets are UTF-16 indices; a character outside the BMP spans two of them.
 */

export interface WordChar {
  /** The normalized character (one code point). */
  ch: string;
  start: number;
  end: number;
}

export interface Word {
  start: number;
  end: number;
  /** Normalized text of the word (what WordPiece sees). */
  text: string;
  chars: WordChar[];
}

// The same expressions @xenova/transformers uses, so the two tokenizations cannot drift apart.
const CONTROL = /^\p{Cc}|\p{Cf}|\p{Co}|\p{Cs}$/u;
const WHITESPACE = /^\s$/;
const PUNCTUATION = /^[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]$/u;

function isRemoved(c: string): boolean {
  if (c === '\t' || c === '\n' || c === '\r') return false;
  const u = c.charCodeAt(0);
  return u === 0 || u === 0xfffd || CONTROL.test(c);
}

function isCjk(c: string): boolean {
  if (c.length !== 1) return false; // the reference implementation looks at UTF-16 code units only
  const cp = c.charCodeAt(0);
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

function normalizeChar(c: string, lowercase: boolean): string {
  if (!lowercase) return c;
  return c.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function pretokenize(text: string, lowercase = false): Word[] {
  const words: Word[] = [];
  let chars: WordChar[] = [];
  const close = () => {
    if (chars.length) {
      words.push({ start: chars[0].start, end: chars[chars.length - 1].end, text: chars.map((c) => c.ch).join(''), chars });
      chars = [];
    }
  };
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    // A lone surrogate is one code unit; a pair is two.
    const len = cp > 0xffff ? 2 : 1;
    const c = text.slice(i, i + len);
    const start = i;
    i += len;
    if (isRemoved(c)) continue;
    if (WHITESPACE.test(c)) {
      close();
      continue;
    }
    for (const n of normalizeChar(c, lowercase)) {
      if (PUNCTUATION.test(n) || isCjk(n)) {
        close();
        words.push({ start, end: i, text: n, chars: [{ ch: n, start, end: i }] });
      } else {
        chars.push({ ch: n, start, end: i });
      }
    }
  }
  close();
  return words;
}
