/**
 * Character trigram TF-IDF similarity over a dictionary's keys: the linker's fallback for variants no list
 * holds ("hepatotoxic" for "hepatotoxicity", a misspelt drug). Cosine of the mention's and a key's
 * IDF-weighted trigram vectors; trigrams in more than `maxDf` keys are too common to propose candidates
 * (they still count in the key's norm), which keeps a query to a few thousand postings.
 */
export interface SimilarityHit {
  key: string;
  score: number;
}

/** Keys by index: a string array, or a compiled lexicon's string table. */
export interface Keys {
  readonly length: number;
  at(i: number): string | undefined;
}

/** A trigram index's data, as the compiled lexicon stores it (compact-lexicon.ts). */
export interface TrigramParts {
  /** Trigrams in posting order. */
  grams: Keys;
  /** grams.length + 1 offsets into `postings`. */
  start: Uint32Array;
  /** Each trigram's key indices as gaps (the first one absolute), summed up as a query reads them. */
  gaps: Uint32Array;
  idf: Float64Array;
  norms: Float64Array;
}

function trigrams(key: string): Map<string, number> {
  const s = `  ${key} `;
  const out = new Map<string, number>();
  for (let i = 0; i + 3 <= s.length; i++) {
    const g = s.slice(i, i + 3);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * Whether `a` is `b` with one letter added, dropped or changed, or two neighbours swapped (Damerau's four
 * typing errors): the misspelling the similarity step may trust where a cosine alone is no evidence.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return true;
  const [x, y] = [a.slice(i), b.slice(i)];
  return x.slice(1) === y.slice(1) || x.slice(1) === y || x === y.slice(1);
}

export class TrigramIndex {
  private readonly keys: Keys;
  /** Per trigram the keys that hold it, as typed arrays (half a JS array's memory), or as gaps in a compiled lexicon. */
  private readonly postings = new Map<string, Int32Array | Uint32Array>();
  private readonly gapCoded: boolean;
  private readonly idf = new Map<string, number>();
  private readonly norms: Float64Array;
  private readonly maxDf = 3000;

  /** The index over `keys`, or (with `parts`) the index a compiled lexicon holds for them. */
  constructor(keys: Iterable<string> | Keys, parts?: TrigramParts) {
    this.gapCoded = !!parts;
    if (parts) {
      this.keys = keys as Keys;
      for (let g = 0; g < parts.grams.length; g++) {
        const t = parts.grams.at(g)!;
        this.postings.set(t, parts.gaps.subarray(parts.start[g], parts.start[g + 1]));
        this.idf.set(t, parts.idf[g]);
      }
      this.norms = parts.norms;
      return;
    }
    const list = [...(keys as Iterable<string>)];
    this.keys = list;
    const grams = list.map(trigrams);
    const lists = new Map<string, number[]>();
    grams.forEach((g, i) => {
      for (const t of g.keys()) {
        let p = lists.get(t);
        if (!p) lists.set(t, (p = []));
        p.push(i);
      }
    });
    for (const [t, p] of lists) this.postings.set(t, Int32Array.from(p));
    const n = this.keys.length;
    for (const [t, p] of this.postings) this.idf.set(t, Math.log(1 + n / p.length));
    this.norms = new Float64Array(n);
    grams.forEach((g, i) => {
      let sq = 0;
      for (const [t, c] of g) sq += (c * this.idf.get(t)!) ** 2;
      this.norms[i] = Math.sqrt(sq);
    });
  }

  /** The data a compiled lexicon stores (the same postings, idf and norms, in the same order). */
  parts(): { grams: string[]; start: Uint32Array; postings: Int32Array; idf: Float64Array; norms: Float64Array } {
    const grams = [...this.postings.keys()];
    const start = new Uint32Array(grams.length + 1);
    grams.forEach((g, i) => (start[i + 1] = start[i] + this.postings.get(g)!.length));
    const postings = new Int32Array(start[grams.length]);
    grams.forEach((g, i) => postings.set(this.postings.get(g)!, start[i]));
    return { grams, start, postings, idf: Float64Array.from(grams, (g) => this.idf.get(g)!), norms: this.norms };
  }

  /**
   * Dot products by key index and the indices touched, in first-touch order (the order a Map kept, so ties go
   * to the same key): one pair of arrays for every query, zeroed after each, instead of a Map per query.
   */
  private dots: Float64Array | null = null;
  private touched: Int32Array | null = null;

  /** Allocates the query's arrays now, so the first query does not pay for it. */
  prepare(): void {
    this.dots ??= new Float64Array(this.keys.length);
    this.touched ??= new Int32Array(this.keys.length);
  }

  /** The most similar key with its cosine, or null when none shares an informative trigram. */
  best(key: string): SimilarityHit | null {
    const q = trigrams(key);
    const dots = (this.dots ??= new Float64Array(this.keys.length));
    const touched = (this.touched ??= new Int32Array(this.keys.length));
    let n = 0;
    const add = (i: number, v: number) => {
      if (dots[i] === 0) touched[n++] = i;
      dots[i] += v;
    };
    let qsq = 0;
    for (const [t, c] of q) {
      const idf = this.idf.get(t);
      if (idf === undefined) {
        qsq += (c * Math.log(1 + this.keys.length)) ** 2; // unseen trigram: as rare as can be
        continue;
      }
      const w = c * idf;
      qsq += w * w;
      const p = this.postings.get(t)!;
      if (p.length > this.maxDf) continue;
      if (this.gapCoded) {
        let i = 0;
        for (let j = 0; j < p.length; j++) {
          i += p[j];
          add(i, w * idf);
        }
      } else {
        for (let j = 0; j < p.length; j++) add(p[j], w * idf);
      }
    }
    let best = -1;
    let bestScore = 0;
    const qn = Math.sqrt(qsq);
    for (let j = 0; j < n; j++) {
      const i = touched[j];
      const s = dots[i] / (qn * this.norms[i]);
      dots[i] = 0;
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best < 0 ? null : { key: this.keys.at(best)!, score: bestScore };
  }
}
