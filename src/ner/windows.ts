import type { TokenizedText } from './tokenize.ts';

/** A run of tokens `[start, end)` that fits the model with [CLS] and [SEP] around it. */
export interface TokenWindow {
  start: number;
  end: number;
}

const SENTENCE_END = new Set(['.', '!', '?', ';']);

/** True where token `i` begins a sentence: after . ! ? ; followed by an upper-case letter or digit, or after a line break. */
function startsSentence(text: string, t: TokenizedText, i: number): boolean {
  if (i <= 0 || i >= t.tokens.length) return true;
  const prev = t.tokens[i - 1];
  const cur = t.tokens[i];
  if (!cur.first) return false;
  const gap = text.slice(prev.end, cur.start);
  if (gap.includes('\n') || gap.includes('\r')) return true;
  return SENTENCE_END.has(text.slice(prev.start, prev.end)) && /^[\p{Lu}\p{N}]/u.test(text.slice(cur.start, cur.end));
}

/**
 * Splits a tokenized text into overlapping windows of at most `maxTokens` tokens. A window never cuts a
 * word; it prefers to end at a sentence boundary in its second half; consecutive windows overlap by about
 * `overlap` tokens so every word is seen with context on both sides in some window.
 */
export function planWindows(text: string, t: TokenizedText, maxTokens: number, overlap: number): TokenWindow[] {
  const n = t.tokens.length;
  if (n <= maxTokens) return [{ start: 0, end: n }];
  if (overlap >= maxTokens / 2) throw new Error(`overlap ${overlap} must be less than half the window (${maxTokens})`);
  const windows: TokenWindow[] = [];
  let start = 0;
  for (;;) {
    const hardEnd = start + maxTokens;
    if (hardEnd >= n) {
      windows.push({ start, end: n });
      return windows;
    }
    let end = -1;
    let wordEnd = -1;
    for (let e = hardEnd; e > start + maxTokens / 2; e--) {
      if (!t.tokens[e].first) continue;
      if (wordEnd < 0) wordEnd = e;
      if (startsSentence(text, t, e)) {
        end = e;
        break;
      }
    }
    if (end < 0) end = wordEnd;
    if (end < 0) {
      // No word boundary in the second half: only possible with absurdly long words; cut at the limit.
      end = hardEnd;
    }
    windows.push({ start, end });
    let next = Math.max(start + 1, end - overlap);
    while (next < end && !t.tokens[next].first) next++;
    start = next;
  }
}

/**
 * For each word, the window in which it lies farthest from either edge, so that seams are decided with
 * the most context and every word is labelled exactly once.
 */
export function assignWords(t: TokenizedText, windows: TokenWindow[]): Int32Array {
  const owner = new Int32Array(t.words.length).fill(-1);
  const margin = new Int32Array(t.words.length).fill(-1);
  windows.forEach((w, wi) => {
    for (let i = w.start; i < w.end; i++) {
      const tok = t.tokens[i];
      if (!tok.first) continue;
      const m = Math.min(i - w.start, w.end - 1 - i);
      if (m > margin[tok.word]) {
        margin[tok.word] = m;
        owner[tok.word] = wi;
      }
    }
  });
  return owner;
}
