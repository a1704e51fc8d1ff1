/**
 * Abbreviation definitions in running text, "long form (SF)", found as Schwartz & Hearst (2003) do: the short
 * form is the text in parentheses, or its part before a ";" or "," (one or two words, 2–10 characters,
 * starting with a letter or digit and holding a letter); the long form is the shortest run of the words before the parenthesis, at most
 * min(|SF| + 5, 2·|SF|) words, in which every letter and digit of the short form is found in order, right
 * to left, the short form's first character starting a word. One finder serves the tagger's document rules
 * and, later, the linker.
 */

export interface Abbreviation {
  short: string;
  long: string;
  /** UTF-16 offsets in the text, end exclusive. */
  shortStart: number;
  shortEnd: number;
  longStart: number;
  longEnd: number;
}

/** A letter or digit: what words (and short forms) are made of. */
export const ALNUM = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;

function validShortForm(sf: string): boolean {
  const words = sf.split(/\s+/).filter(Boolean);
  return sf.length >= 2 && sf.length <= 10 && words.length <= 2 && ALNUM.test(sf[0]) && LETTER.test(sf);
}

/** Start (within `lf`) of the shortest long form that covers `sf`, or -1: the Schwartz-Hearst match. */
export function bestLongFormStart(sf: string, lf: string): number {
  let s = sf.length - 1;
  let l = lf.length - 1;
  const lower = (c: string | undefined) => (c ?? '').toLowerCase();
  while (s >= 0) {
    const c = lower(sf[s]);
    if (!ALNUM.test(c)) {
      s--;
      continue;
    }
    // The short form's first character must start a word of the long form.
    while (l >= 0 && (lower(lf[l]) !== c || (s === 0 && l > 0 && ALNUM.test(lf[l - 1])))) l--;
    if (l < 0) return -1;
    l--;
    s--;
  }
  return l + 1;
}

export function findAbbreviations(text: string): Abbreviation[] {
  const out: Abbreviation[] = [];
  const re = /\(([^()]{2,60})\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // "(CD; MIM 158350)", "(TNF, a cytokine)": the short form is the part before the first ";" or ",".
    const sf = m[1].split(/[;,]\s/)[0].trim();
    if (!validShortForm(sf)) continue;
    const shortStart = m.index + 1 + m[1].indexOf(sf);
    // Candidate long form: the words before "(" in the same sentence, at most min(|SF| + 5, 2|SF|) of them.
    const before = text.slice(Math.max(0, m.index - 300), m.index);
    const sentence = before.split(/[.;:!?]\s|[\n\r]/u).pop()!;
    const maxWords = Math.min(sf.length + 5, sf.length * 2);
    const words = [...sentence.matchAll(/\S+/gu)];
    if (!words.length) continue;
    const first = words[Math.max(0, words.length - maxWords)];
    const candStart = m.index - sentence.length + first.index!;
    const cand = text.slice(candStart, m.index).trimEnd();
    const k = bestLongFormStart(sf, cand);
    if (k < 0) continue;
    const long = cand.slice(k);
    // The long form must be longer than the short form and not end inside it.
    if (long.length <= sf.length || long.toLowerCase().includes(sf.toLowerCase() + ' ')) continue;
    out.push({ short: sf, long, shortStart, shortEnd: shortStart + sf.length, longStart: candStart + k, longEnd: candStart + k + long.length });
  }
  return out;
}
