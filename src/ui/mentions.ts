/**
 * How the page groups mentions into entries: by concept once the linker has given ids ("Cisplatin" and
 * "cisplatin" are one entry, and so is "CDDP" defined as cisplatin), else by type and case-folded text.
 * The entity panel lists these groups and the text marks the selected group's occurrences.
 */
import type { EntityLink } from '../ner/span.ts';

export interface Groupable {
  type: string;
  text: string;
  link?: EntityLink;
}

export function groupKey(s: Groupable): string {
  return s.link ? `${s.type}\u0000id\u0000${s.link.ids.join('|')}` : `${s.type}\u0000text\u0000${s.text.toLowerCase()}`;
}

/** The spelling a group is shown by: its most frequent, the first in alphabetical order on a tie. */
export function mostFrequent(spellings: ReadonlyMap<string, number>): string {
  return [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

/** Mentions of digits and punctuation only ("3", "2-4") go to the end of a list: they are seldom what one looks for. */
export const numbersOnly = (text: string) => !/\p{L}/u.test(text);
