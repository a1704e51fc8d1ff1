import type { Word } from './pretokenize.ts';

/** A run of words [start, end) read as one sentence by a recurrent tagger. */
export interface SentenceRange {
  start: number;
  end: number;
}

// A period after these does not end a sentence ("et al.", "e.g.", "Fig.", "vs.").
const NO_BREAK_AFTER = new Set(['al', 'e', 'g', 'i', 'vs', 'fig', 'figs', 'eq', 'ref', 'refs', 'dr', 'approx', 'ca', 'cf', 'no', 'nos', 'mr', 'mrs', 'st', 'sp', 'spp', 'var', 'viz', 'resp']);

/**
 * Splits pre-tokenized words into sentences the way the training corpora are cut: after ".", "?" or "!"
 * followed by whitespace and a word that starts with a capital or a digit (not after "et al." or "e.g.", and
 * not inside a number or name: "2.5" and, in tokenized text, "2 . 5" and "PU . 1"), at a line break, and before `maxWords` (a very
 * long run is cut into pieces so one recurrence never runs thousands of steps).
 */
export function splitSentences(text: string, words: readonly Word[], maxWords = 150): SentenceRange[] {
  const out: SentenceRange[] = [];
  let start = 0;
  const push = (end: number) => {
    for (let s = start; s < end; s += maxWords) out.push({ start: s, end: Math.min(end, s + maxWords) });
    start = end;
  };
  for (let i = 0; i < words.length; i++) {
    const next = words[i + 1];
    if (!next) break;
    if (text.slice(words[i].end, next.start).includes('\n')) {
      push(i + 1);
      continue;
    }
    const w = words[i].text;
    if (w !== '.' && w !== '?' && w !== '!') continue;
    if (next.start === words[i].end) continue; // "2.5", "e.g.,": no space, no sentence end
    const prev = i > start ? words[i - 1] : undefined;
    if (w === '.' && prev && NO_BREAK_AFTER.has(prev.text.toLowerCase())) continue;
    // "2 . 5", "PU . 1": a period spaced on both sides before a digit is a tokenized text's, inside a name or number
    if (w === '.' && prev && /^\p{N}/u.test(next.text) && (/^\p{N}+$/u.test(prev.text) || prev.end < words[i].start)) continue;
    if (/^[\p{Lu}\p{N}[(]/u.test(next.text)) push(i + 1);
  }
  push(words.length);
  return out.filter((s) => s.end > s.start);
}
