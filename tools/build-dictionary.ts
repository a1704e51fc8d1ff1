/**
 * npm run build-dictionary -- [--lexicons public/lexicons] [--text ../shared/data/text/more-biomedical-text.txt]
 *                             [--common 400] [--out training/runs/dictionary/dictionary.bin]
 *
 * The tagger's dictionary (src/ner/dictionary-features.ts): the database names of the linking lexicons, which
 * build-lexicon made from ../shared/data/lexicons (MeSH 2024 chemicals and diseases, NCBI Gene human and mouse,
 * the species vocabulary), never the corpus pairs (mentions of the training corpora: as a feature they would
 * be right on every training mention and nowhere else). One-word names among the `--common` most frequent
 * words of unlabelled PubMed text are left out ("was", "set", "can" are gene synonyms): the word embedding
 * knows frequent words already; the dictionary is for the rare ones. The trainer and `npm run convert --
 * --dictionary` take the file from `--out`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Dictionary } from '../src/ner/dictionary-features.ts';
import { nameKey } from '../src/linking/normalize.ts';
import { DICTIONARY_TYPES } from '../src/model/format.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run build-dictionary -- [--lexicons public/lexicons] [--text ../shared/data/text/more-biomedical-text.txt] [--common 400] [--out training/runs/dictionary/dictionary.bin]';

const { values } = parseCli(USAGE, {
  options: {
    lexicons: { type: 'string', default: 'public/lexicons' },
    text: { type: 'string', default: '../shared/data/text/more-biomedical-text.txt' },
    common: { type: 'string', default: '400' },
    out: { type: 'string', default: 'training/runs/dictionary/dictionary.bin' },
  },
});

const rows = (file: string) =>
  gunzipSync(readFileSync(join(values.lexicons!, file))).toString('utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
const split = (field: string | undefined) => (field ? field.split('|').filter(Boolean) : []);

function names(type: string): string[] {
  switch (type) {
    case 'Chemical':
    case 'Disease':
      return rows(`mesh-${type.toLowerCase()}.tsv.gz`).flatMap(([, pref, ns, mapped]) => [pref, ...split(ns), ...split(mapped)]);
    case 'Gene':
      return ['gene-human.tsv.gz', 'gene-mouse.tsv.gz'].flatMap((f) =>
        rows(f).flatMap(([, symbol, full, symbols, ns]) => [symbol, full, ...split(symbols), ...split(ns)]));
    case 'Species':
      return rows('species.tsv.gz').flatMap(([, sci, cased, folded]) => [sci, ...split(cased), ...split(folded)]);
  }
  throw new Error(`no names for dictionary type ${type}`);
}

function commonWords(path: string, n: number): Set<string> {
  const counts = new Map<string, number>();
  for (const w of readFileSync(path, 'utf8').split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    const k = nameKey(w);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k]) => k));
}

const common = commonWords(values.text!, Number(values.common));
const keys = DICTIONARY_TYPES.map((type) => {
  const out = new Set<string>();
  let dropped = 0;
  for (const name of names(type)) {
    const k = nameKey(name);
    // a key must hold a letter and be more than two characters; a one-word key must be no common word
    if (k.length < 3 || !/\p{L}/u.test(k)) continue;
    if (!k.includes(' ') && common.has(k)) {
      dropped++;
      continue;
    }
    out.add(k);
  }
  console.log(`${type}: ${out.size} keys (${dropped} names left out as common words)`);
  return out;
});
const bytes = Dictionary.fromKeys(DICTIONARY_TYPES, keys).toBytes();
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, bytes);
console.log(`${values.out}: ${bytes.byteLength} bytes`);
