/**
 * npm run eval-species -- [--split test|train] [--data ../shared/data] [--lexicon public/lexicons] [--errors N]
 *
 * Scores the species vocabulary's matcher (src/linking/species.ts) on S800 (extra/pubtator/S800: 800
 * abstracts of eight taxonomic groups, species mentions with NCBI Taxonomy ids): exact spans, and exact spans
 * with the right taxon. S800 leaves the words for people unannotated ("patients", "women"), which the matcher
 * tags as human as PubTator does, so the scores are also given without them. Tune on train, report test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { DEFAULT_LEXICON_DIR, readLexiconDir } from './lib/fs-lexicon.ts';
import { HUMAN_WORDS } from './lexicon/species-names.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run eval-species -- [--split test|train] [--data ../shared/data] [--lexicon public/lexicons] [--errors N]';

/** Tagged as human by the matcher, left out by S800's annotators ("human" itself S800 marks). */
const PEOPLE = new Set(HUMAN_WORDS.filter((w) => !w.startsWith('human')));

const { values } = parseCli(USAGE, { options: { split: { type: 'string', default: 'test' }, data: { type: 'string', default: '../shared/data' }, lexicon: { type: 'string', default: DEFAULT_LEXICON_DIR }, errors: { type: 'string', default: '25' } } });
const lex = await readLexiconDir(values.lexicon!);
if (!lex.species) {
  console.error(`eval-species: the lexicon in ${values.lexicon} has no species vocabulary (npm run build-lexicon)`);
  process.exit(2);
}
const file = join(values.data!, 'extra/pubtator/S800', `${values.split}.PubTator`);
const docs = parsePubTator(readFileSync(file, 'utf8')).documents;
const t0 = performance.now();
let found = 0, people = 0, spanOk = 0, idOk = 0, gold = 0;
const fps = new Map<string, number>();
const fns = new Map<string, number>();
for (const d of docs) {
  const g = (d.gold ?? []).filter((m) => m.sourceType === 'Species' || m.type === 'Species');
  gold += g.length;
  const byKey = new Map(g.map((m) => [`${m.start}:${m.end}`, m]));
  const hit = new Set<string>();
  for (const m of lex.species.find(d.text)) {
    const gm = byKey.get(`${m.start}:${m.end}`);
    if (!gm && PEOPLE.has(m.text.toLowerCase())) {
      people++;
      continue;
    }
    found++;
    if (!gm) {
      fps.set(m.text, (fps.get(m.text) ?? 0) + 1);
      continue;
    }
    spanOk++;
    hit.add(`${m.start}:${m.end}`);
    if ((gm.conceptId ?? '').split(/[,;|]/).includes(String(m.taxId))) idOk++;
    else fps.set(`${m.text} → ${m.taxId} (gold ${gm.conceptId})`, (fps.get(`${m.text} → ${m.taxId} (gold ${gm.conceptId})`) ?? 0) + 1);
  }
  for (const m of g) if (!hit.has(`${m.start}:${m.end}`)) fns.set(m.text, (fns.get(m.text) ?? 0) + 1);
}
const ms = performance.now() - t0;
const pct = (a: number, b: number) => (b ? (100 * a) / b : 0);
const f1 = (tp: number, p: number, g: number) => (2 * tp) / (p + g) * 100;
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(values.errors)).map(([k, n]) => `${k} ×${n}`).join('; ');
console.log(`S800 ${values.split}: ${docs.length} abstracts, ${gold} gold species mentions; matched in ${ms.toFixed(0)} ms`);
console.log('| measure | P | R | F1 |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| exact span | ${pct(spanOk, found).toFixed(1)} | ${pct(spanOk, gold).toFixed(1)} | ${f1(spanOk, found, gold).toFixed(1)} |`);
console.log(`| exact span and taxon | ${pct(idOk, found).toFixed(1)} | ${pct(idOk, gold).toFixed(1)} | ${f1(idOk, found, gold).toFixed(1)} |`);
console.log(`| exact span and taxon, people words counted as false | ${pct(idOk, found + people).toFixed(1)} | ${pct(idOk, gold).toFixed(1)} | ${f1(idOk, found + people, gold).toFixed(1)} |`);
console.log(`\npeople words tagged as human (S800 leaves them out): ${people}`);
console.log(`false or wrong-taxon finds: ${top(fps)}`);
console.log(`misses: ${top(fns)}`);
