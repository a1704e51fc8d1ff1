/**
 * npm run export-encoder-data -- [--lexicon public/lexicons] [--data ../shared/data] [--buckets N] [--out DIR]
 *
 * Writes what training/train_name_encoder.py learns from, as feature buckets (src/linking/encoder.ts defines
 * them; the trainer never computes a feature itself):
 * - `names.tsv`: `type \t concept id \t source \t key \t features` for every dictionary name of diseases and
 *   chemicals (source `dict`) and every annotated mention of one concept in the lexicon's corpus pairs (source
 *   `corpus`; the splits the manifest's `annotatedSplits` names);
 * - `devel.tsv`: `type \t gold ids \t key \t features` for the devel splits' gold mentions (for choosing
 *   settings; never test); not written where the lexicon's pairs hold devel, for then it would score itself.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { conceptIds } from '../src/formats/gold.ts';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { featuresOfKey } from '../src/linking/encoder.ts';
import { LEXICON_MANIFEST, type LexiconManifest } from '../src/linking/lexicon-files.ts';
import { keyOfWords, nameKey } from '../src/linking/normalize.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run export-encoder-data -- [--lexicon public/lexicons] [--data ../shared/data] [--buckets N] [--out DIR]';

const { values } = parseCli(USAGE, {
  options: {
    lexicon: { type: 'string', default: 'public/lexicons' },
    data: { type: 'string', default: '../shared/data' },
    buckets: { type: 'string', default: '16384' },
    out: { type: 'string', default: 'training/runs/encoder' },
  },
});
const buckets = Number(values.buckets);
mkdirSync(values.out!, { recursive: true });
const gz = (f: string) => gunzipSync(readFileSync(join(values.lexicon!, f))).toString('utf8').split('\n').filter(Boolean);
const row = (key: string) => `${key}\t${featuresOfKey(key, buckets).join(' ')}`;

const names: string[] = [];
for (const [type, file] of [['Disease', 'mesh-disease.tsv.gz'], ['Chemical', 'mesh-chemical.tsv.gz']]) {
  for (const l of gz(file)) {
    const [id, , list] = l.split('\t');
    for (const n of new Set(list.split('|').map((w) => keyOfWords(w.split(' '))))) if (n) names.push(`${type}\t${id}\tdict\t${row(n)}`);
  }
}
for (const l of gz('corpus-pairs.tsv.gz')) {
  const [type, words, ids, count] = l.split('\t');
  const key = keyOfWords(words.split(' '));
  if (ids.includes('|') || !key || (type !== 'Disease' && type !== 'Chemical')) continue;
  for (let i = 0; i < Math.min(Number(count), 3); i++) names.push(`${type}\t${ids}\tcorpus\t${row(key)}`);
}
writeFileSync(join(values.out!, 'names.tsv'), names.join('\n') + '\n');

const manifest = JSON.parse(readFileSync(join(values.lexicon!, LEXICON_MANIFEST), 'utf8')) as LexiconManifest;
const develFile = join(values.out!, 'devel.tsv');
if ((manifest.annotatedSplits ?? ['train']).includes('devel')) {
  rmSync(develFile, { force: true });
  console.log(`${names.length} names (devel's annotations among them, so no devel.tsv), ${buckets} buckets → ${values.out}`);
} else {
  const devel: string[] = [];
  for (const corpus of ['BC5CDR', 'NCBI-disease']) {
    for (const doc of parsePubTator(readFileSync(join(values.data!, 'pubtator', corpus, 'devel.PubTator.txt'), 'utf8')).documents) {
      for (const g of doc.gold ?? []) {
        const ids = conceptIds(g.conceptId);
        const key = nameKey(g.text);
        if (ids.length && key && (g.type === 'Disease' || g.type === 'Chemical')) devel.push(`${corpus === 'BC5CDR' ? g.type : 'NCBI'}\t${ids.join('|')}\t${row(key)}`);
      }
    }
  }
  writeFileSync(develFile, devel.join('\n') + '\n');
  console.log(`${names.length} names, ${devel.length} devel mentions, ${buckets} buckets → ${values.out}`);
}
