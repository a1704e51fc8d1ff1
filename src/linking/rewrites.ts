/**
 * Word rewrites learned from names that mean the same concept: where two names of one concept differ by a
 * word or two ("kidney failure" / "renal failure", "decreased renal function" / "renal insufficiency"), the
 * difference is a rewrite ({kidney} → {renal}; {decreased, function} → {insufficiency}) and the number of
 * concepts showing it is its support. The lexicon build learns them from MeSH's entry terms and the train
 * splits' mentions; the linker applies them to a mention's words to meet a dictionary name (the "synonym
 * replacement" sieve of multi-pass linkers, with the synonyms learned instead of listed by hand).
 *
 * Names here are `keyOfWords` tokens (normalised, stop words out); a name is read as a set of words.
 */

/** Fewest concepts a rewrite must be seen in to be kept (the build writes no rarer ones). */
export const MIN_REWRITE_SUPPORT = 2;
/** Most words a rewrite takes out or puts in. */
export const MAX_REWRITE_WORDS = 2;
/** Names of one concept compared pairwise: the first this many (a drug's 80 trade names add nothing). */
const MAX_NAMES_PER_CONCEPT = 30;

export interface Rewrite {
  from: string[];
  to: string[];
  /** How many concepts show it. */
  support: number;
}

const setKey = (words: Iterable<string>) => [...new Set(words)].sort().join(' ');

/**
 * Rewrites with their support from groups of names, one group per concept (each name its key tokens).
 * A rewrite needs a word the two names share, so it is a variant of a name and not a different name.
 */
export function learnRewrites(groups: Iterable<readonly (readonly string[])[]>): Rewrite[] {
  const support = new Map<string, number>();
  for (const group of groups) {
    const seen = new Set<string>();
    const sets = group.slice(0, MAX_NAMES_PER_CONCEPT).map((n) => new Set(n));
    for (let i = 0; i < sets.length; i++) {
      for (let j = 0; j < sets.length; j++) {
        if (i === j) continue;
        const a = sets[i];
        const b = sets[j];
        const from = [...a].filter((w) => !b.has(w));
        const to = [...b].filter((w) => !a.has(w));
        if (!from.length || from.length > MAX_REWRITE_WORDS || to.length > MAX_REWRITE_WORDS) continue;
        if (from.length === a.size) continue; // nothing shared
        const k = `${setKey(from)}\t${setKey(to)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        support.set(k, (support.get(k) ?? 0) + 1);
      }
    }
  }
  return [...support].map(([k, n]) => {
    const [from, to] = k.split('\t');
    return { from: from.split(' '), to: to ? to.split(' ') : [], support: n };
  });
}

export interface RewriteVariant {
  /** The rewritten name's key (sorted words, as `keyOfWords` makes it). */
  key: string;
  support: number;
  /** How many of the name's words the rewrite took out. */
  changed: number;
}

/** Smaller rewrites first (they keep more of the name), then the better supported. */
const better = (r: Rewrite, v: RewriteVariant) => r.from.length < v.changed || (r.from.length === v.changed && r.support > v.support);

/** The rewrites of one entity type, looked up by the words they take out. */
export class Rewrites {
  private readonly byFrom = new Map<string, Rewrite[]>();

  constructor(rules: Iterable<Rewrite>, readonly minSupport = MIN_REWRITE_SUPPORT) {
    for (const r of rules) {
      if (r.support < minSupport) continue;
      const k = setKey(r.from);
      const list = this.byFrom.get(k);
      if (list) list.push(r);
      else this.byFrom.set(k, [r]);
    }
  }

  /** Every rewrite of a name (its key tokens) by one rule: those taking out fewer words first, then by support. */
  variants(tokens: readonly string[]): RewriteVariant[] {
    const words = [...new Set(tokens)];
    const subsets: string[][] = [];
    for (let i = 0; i < words.length; i++) {
      subsets.push([words[i]]);
      for (let j = i + 1; j < words.length; j++) subsets.push([words[i], words[j]]);
    }
    const out = new Map<string, RewriteVariant>();
    for (const s of subsets) {
      if (2 * s.length > words.length) continue; // keep at least as many of the name's words as go
      for (const r of this.byFrom.get(setKey(s)) ?? []) {
        const key = setKey([...words.filter((w) => !s.includes(w)), ...r.to]);
        const prev = out.get(key);
        if (key && (!prev || better(r, prev))) out.set(key, { key, support: r.support, changed: s.length });
      }
    }
    return [...out.values()].sort((a, b) => a.changed - b.changed || b.support - a.support);
  }
}
