import { ALNUM } from './abbreviations.ts';
import type { EntitySpan } from './span.ts';

/**
 * The `balance-brackets` document rule: a span whose brackets do not pair is repaired, because no corpus marks a
 * name with half a bracket pair, and a tagger that reads words one at a time sometimes ends a span between the
 * two. Measured on devel (training/README.md, "Document rules"). The repairs, tried in this order until the
 * brackets pair or none applies:
 * - an opener that starts the span, or a closer that ends it, is dropped ("[(3)H" in "[(3)H]-siRNAs" → "(3)H",
 *   "CIP1)" in "p21(CIP1)" → "CIP1");
 * - a closer whose opener stands just before the span takes it in ("CH(3))(2)Se" → "(CH(3))(2)Se");
 * - a closer followed by a space ends the span there ("VIP receptor type 2) receptor" → "VIP receptor type 2");
 * - an opener after a space splits a long form from its short form, or a name from its gloss, into two spans of
 *   the same type ("PARP (poly ADP ribose polymerase" → "PARP", "poly ADP ribose polymerase");
 * - an opener inside a word takes in the closer that stands just after the span ("poly(D,L-lactide" →
 *   "poly(D,L-lactide)").
 * A span that none of these pairs is left as the tagger found it.
 */
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPENER_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const SPACE = /\s/;

interface Unpaired {
  /** Index in the span's text of the first bracket that has no partner, or -1. */
  at: number;
  opener: boolean;
}

/** The first bracket of `t` without a partner: a closer with no opener before it, else the first opener left open. */
function firstUnpaired(t: string): Unpaired {
  const stack: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (PAIRS[c]) stack.push(i);
    else if (OPENER_OF[c]) {
      if (stack.length && t[stack[stack.length - 1]] === OPENER_OF[c]) stack.pop();
      else return { at: i, opener: false };
    }
  }
  return stack.length ? { at: stack[0], opener: true } : { at: -1, opener: false };
}

/** [start, end) with white space trimmed off both ends; null when no letter or digit is left. */
function trimmed(text: string, start: number, end: number): [number, number] | null {
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  return ALNUM.test(text.slice(start, end)) ? [start, end] : null;
}

/** One span's repair: the spans it becomes (itself when nothing applies, none when nothing is left). */
function balanceSpan(text: string, span: EntitySpan): EntitySpan[] {
  const part = ([from, to]: [number, number]): EntitySpan => ({ ...span, start: from, end: to, text: text.slice(from, to) });
  let [start, end] = [span.start, span.end];
  for (let step = 0; step < 8; step++) {
    const t = text.slice(start, end);
    const u = firstUnpaired(t);
    if (u.at < 0) return start === span.start && end === span.end ? [span] : [part([start, end])];
    const at = start + u.at;
    let next: [number, number] | null;
    if (u.opener) {
      if (u.at === 0) next = trimmed(text, start + 1, end);
      else if (SPACE.test(text[at - 1])) {
        const left = trimmed(text, start, at);
        const right = trimmed(text, at + 1, end);
        if (left && right) {
          return [...balanceSpan(text, part(left)), ...balanceSpan(text, part(right))];
        }
        next = left ?? right;
      } else if (text[end] === PAIRS[text[at]]) next = [start, end + 1];
      else return [span];
    } else if (u.at === t.length - 1) next = trimmed(text, start, end - 1);
    else if (start > 0 && text[start - 1] === OPENER_OF[text[at]]) next = [start - 1, end];
    else if (SPACE.test(text[at + 1] ?? '')) next = trimmed(text, start, at);
    else return [span];
    if (!next) return [];
    [start, end] = next;
  }
  return [span];
}

export function balanceBrackets(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  return spans.flatMap((s) => (/[()[\]{}]/.test(s.text) ? balanceSpan(text, s) : [s]));
}
