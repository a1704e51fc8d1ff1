/**
 * The linked corpora of ../shared/data/extra/pubtator: NCBI's gene corpora (NLM-Gene, GNormPlus: gene mentions
 * with NCBI Gene ids of many species) and S800 (species with NCBI Taxonomy ids). None has a devel split, so the
 * last fifth of each train file's abstracts serves as devel (tuning, and what the train-only lexicon is scored
 * on) and the first four fifths as train; the app's lexicon takes the whole train file, as it takes BC5CDR's
 * train and devel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusDocument } from '../../src/formats/document.ts';
import { parsePubTator } from '../../src/formats/pubtator.ts';

export const GENE_CORPORA = ['NLM-Gene', 'GNormPlus'] as const;
export const SPECIES_CORPORA = ['S800'] as const;
/** The corpora whose mentions carry ids: their train parts give the lexicon's pairs. */
export const LINKED_CORPORA: readonly string[] = [...GENE_CORPORA, ...SPECIES_CORPORA];

/**
 * Which fifth of a train file is devel: the last (4) unless EXTRA_DEVEL_FIFTH says another, so that a choice
 * made on devel can be checked on a second part of train (the lexicon must then be built with the same value).
 */
export function develFifth(env: Record<string, string | undefined> = process.env): number {
  const raw = env.EXTRA_DEVEL_FIFTH;
  if (raw === undefined || raw === '') return 4;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 0 || k > 4) throw new Error(`EXTRA_DEVEL_FIFTH must be 0 to 4, not "${raw}"`);
  return k;
}

/** A split's abstracts: `train` and `devel` are parts of the train file, `test` is the test file. */
export function extraCorpusDocuments(data: string, corpus: string, split: string, fifth = develFifth()): CorpusDocument[] {
  const file = join(data, 'extra/pubtator', corpus, `${split === 'test' ? 'test' : 'train'}.PubTator`);
  const docs = parsePubTator(readFileSync(file, 'utf8')).documents;
  if (split === 'test') return docs;
  // round(4n/5) is the round(0.8 n) the last fifth was always cut at, so the default devel keeps its abstracts.
  const cut = (k: number) => Math.round((docs.length * k) / 5);
  const [from, to] = [cut(fifth), cut(fifth + 1)];
  return split === 'train' ? [...docs.slice(0, from), ...docs.slice(to)] : docs.slice(from, to);
}
