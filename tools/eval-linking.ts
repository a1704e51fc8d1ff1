/**
 * npm run eval-linking -- [--split test|devel] [--data ../shared/data] [--lexicon public/lexicons] [--model DIR]
 *                         [--threshold X] [--encoder-threshold X] [--gold-only] [--json FILE] [--errors N]
 *
 * Scores the linker (src/linking) on the PubTator files of BC5CDR (chemicals and diseases) and NCBI-disease,
 * on the genes of NLM-Gene and GNormPlus and the species of S800 (extra/pubtator; their devel is the last fifth of
 * train, tools/lib/extra-corpora.ts), two ways:
 * - given the gold mentions: accuracy of the first id (correct when it is one of the mention's gold ids;
 *   mentions without a gold id, `-1`, are left out; a mention left unlinked counts as wrong);
 * - end to end on the raw documents (tagged by the app's pipeline with its default document rules, then
 *   linked): the BioCreative V CDR measure, per abstract the set of (type, id) pairs against the gold set,
 *   micro precision / recall / F1.
 * `--json FILE` writes {BC5CDR-Chemical, BC5CDR-Disease, NCBI-disease, NLM-Gene, GNormPlus, S800: {accuracy, precision,
 * recall, f1}} in %.
 * A split whose own annotations are in the lexicon (its manifest's `annotatedSplits`: the app's holds train
 * and devel) is refused: score devel with the train-only lexicon of training/build-train-only-lexicon.sh.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusDocument } from '../src/formats/document.ts';
import { conceptIds } from '../src/formats/gold.ts';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { DEFAULT_ENCODER_THRESHOLD, DEFAULT_SIMILARITY_THRESHOLD, linkSpans, loadGeneTablesFor } from '../src/linking/linker.ts';
import { LINKED_CORPORA, extraCorpusDocuments } from './lib/extra-corpora.ts';
import { DEFAULT_DOCUMENT_RULES } from '../src/ner/document-rules.ts';
import type { EntitySpan } from '../src/ner/span.ts';
import { DEFAULT_LEXICON_DIR, readLexiconDir } from './lib/fs-lexicon.ts';
import { DEFAULT_MODEL_DIR, loadNodePipeline } from './lib/node-pipeline.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run eval-linking -- [--split test|devel] [--data ../shared/data] [--lexicon public/lexicons] [--model DIR] [--threshold X] [--encoder-threshold X] [--gold-only] [--json FILE] [--errors N]';

const SETS = [
  { key: 'BC5CDR-Chemical', corpus: 'BC5CDR', type: 'Chemical' },
  { key: 'BC5CDR-Disease', corpus: 'BC5CDR', type: 'Disease' },
  { key: 'NCBI-disease', corpus: 'NCBI-disease', type: 'Disease' },
  { key: 'NLM-Gene', corpus: 'NLM-Gene', type: 'Gene' },
  { key: 'GNormPlus', corpus: 'GNormPlus', type: 'Gene' },
  { key: 'S800', corpus: 'S800', type: 'Species' },
] as const;

const pct = (a: number, b: number) => (b ? (100 * a) / b : 0);

async function main(): Promise<number> {
  const { values } = parseCli(USAGE, {
    options: {
      split: { type: 'string', default: 'test' },
      data: { type: 'string', default: '../shared/data' },
      lexicon: { type: 'string', default: DEFAULT_LEXICON_DIR },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      threshold: { type: 'string' },
      'encoder-threshold': { type: 'string' },
      'gold-only': { type: 'boolean', default: false },
      json: { type: 'string' },
      errors: { type: 'string', default: '12' },
    },
  });
  const errorsShown = Number(values.errors);
  const threshold = values.threshold ? Number(values.threshold) : DEFAULT_SIMILARITY_THRESHOLD;
  const encoderThreshold = values['encoder-threshold'] ? Number(values['encoder-threshold']) : DEFAULT_ENCODER_THRESHOLD;
  const opts = { similarityThreshold: threshold, encoderThreshold };
  let t0 = performance.now();
  const lex = await readLexiconDir(values.lexicon!);
  console.error(`lexicon loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const annotated = lex.manifest.annotatedSplits ?? ['train'];
  if (annotated.includes(values.split!)) {
    console.error(`the lexicon in ${values.lexicon} holds the ${values.split} split's own annotations (${annotated.join(', ')}), so it can't score that split; build one without them (training/build-train-only-lexicon.sh) and pass it with --lexicon`);
    return 2;
  }
  const corpora = new Map<string, CorpusDocument[]>();
  for (const c of new Set(SETS.map((s) => s.corpus))) {
    corpora.set(c, LINKED_CORPORA.includes(c) ? extraCorpusDocuments(values.data!, c, values.split!) : parsePubTator(readFileSync(join(values.data!, 'pubtator', c, `${values.split}.PubTator.txt`), 'utf8')).documents);
  }
  // The gene tables of the species the texts name, as the app loads them for a text.
  await loadGeneTablesFor([...corpora.values()].flat().map((d) => d.text), lex);
  // `…Former`: the same, counting a link right where its former id (MeSH before 2024, as the gold has it) is.
  const results: Record<string, { accuracy: number; precision?: number; recall?: number; f1?: number; accuracyFormer?: number; f1Former?: number }> = {};
  let changed = 0;
  const via: Record<string, Record<string, number>> = {};
  const wrong: Record<string, Map<string, number>> = {};

  // 1. Gold mentions: accuracy of the first id.
  t0 = performance.now();
  for (const set of SETS) {
    let n = 0;
    let ok = 0;
    let okFormer = 0;
    via[set.key] = {};
    wrong[set.key] = new Map();
    for (const doc of corpora.get(set.corpus)!) {
      const gold = (doc.gold ?? []).filter((g) => g.type === set.type && conceptIds(g.conceptId).length);
      const spans: EntitySpan[] = gold.map((g) => ({ type: set.type, start: g.start, end: g.end, text: g.text, score: 1 }));
      const linked = linkSpans(doc.text, spans, lex, { ...opts, addSpecies: false });
      linked.forEach((s, i) => {
        n++;
        const v = s.link?.via ?? 'unlinked';
        via[set.key][v] = (via[set.key][v] ?? 0) + 1;
        const g = conceptIds(gold[i].conceptId);
        if (s.link?.formerly) changed++;
        if (s.link && (g.includes(s.link.ids[0]) || g.includes(s.link.formerly?.[0] ?? ''))) okFormer++;
        if (s.link && g.includes(s.link.ids[0])) ok++;
        else {
          const k = `${s.text} → ${s.link ? s.link.ids.join('|') : '(none)'} (gold ${gold[i].conceptId})`;
          wrong[set.key].set(k, (wrong[set.key].get(k) ?? 0) + 1);
        }
      });
    }
    results[set.key] = { accuracy: pct(ok, n), accuracyFormer: pct(okFormer, n) };
  }
  const goldMs = performance.now() - t0;

  // 2. End to end: tag, link, compare (type, id) pairs per document.
  let tagMs = 0;
  let linkMs = 0;
  if (!values['gold-only']) {
    const p = await loadNodePipeline(values.model!, 'wasm');
    for (const [corpus, docs] of corpora) {
      t0 = performance.now();
      const spans = await p.tag(docs.map((d) => d.text), { documentRules: DEFAULT_DOCUMENT_RULES });
      tagMs += performance.now() - t0;
      t0 = performance.now();
      const linked = docs.map((d, i) => linkSpans(d.text, spans[i], lex, opts));
      linkMs += performance.now() - t0;
      for (const set of SETS.filter((s) => s.corpus === corpus)) {
        const score = (former: boolean) => {
          let tp = 0;
          let fp = 0;
          let fn = 0;
          docs.forEach((d, i) => {
            const gold = new Set((d.gold ?? []).filter((g) => g.type === set.type).flatMap((g) => conceptIds(g.conceptId)));
            const pred = new Set(linked[i].filter((s) => s.type === set.type && s.link).flatMap((s) => (former && s.link!.formerly) || s.link!.ids));
            for (const id of pred) (gold.has(id) ? tp++ : fp++);
            for (const id of gold) if (!pred.has(id)) fn++;
          });
          const precision = pct(tp, tp + fp);
          const recall = pct(tp, tp + fn);
          return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
        };
        results[set.key] = { ...results[set.key], ...score(false), f1Former: score(true).f1 };
      }
    }
    p.dispose();
  }

  console.log(`\n${values.split} split, lexicon ${values.lexicon}, similarity threshold ${threshold} (trigrams), ${encoderThreshold} (encoder)`);
  console.log('| set | first-id accuracy (gold mentions) | end to end P | R | F1 (per abstract, type + id) | accuracy, former ids | F1, former ids |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const set of SETS) {
    const r = results[set.key];
    const f = (x?: number) => (x === undefined ? '–' : x.toFixed(2));
    console.log(`| ${set.key} | ${f(r.accuracy)} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${f(r.accuracyFormer)} | ${f(r.f1Former)} |`);
  }
  console.log(`(former ids: a link that MeSH 2024 moved to another descriptor than the corpora annotated counted by the annotated id; ${changed} gold mentions were linked so)`);
  for (const set of SETS) {
    console.log(`\n${set.key}: how gold mentions were linked: ${Object.entries(via[set.key]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`  most frequent errors: ${[...wrong[set.key]].sort((a, b) => b[1] - a[1]).slice(0, errorsShown).map(([k, n]) => `${k} ×${n}`).join('; ')}`);
  }
  console.log(`\nlinking the gold mentions: ${goldMs.toFixed(0)} ms` + (tagMs ? `; end to end: tagging ${(tagMs / 1000).toFixed(1)} s, linking ${(linkMs / 1000).toFixed(2)} s (${pct(linkMs, tagMs).toFixed(1)} % of tagging)` : ''));
  if (values.json) writeFileSync(values.json, JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, Object.fromEntries(Object.entries(r).map(([m, x]) => [m, Math.round(x * 100) / 100]))])), null, 2) + '\n');
  return 0;
}

process.exitCode = await main();
