/**
 * npm run eval -- [--model DIR] [--data DIR] [--split test|devel] [--backend wasm|cpu] [--engine kernel|tfjs] [--limit N] [--json FILE] [--errors]
 *                  [--decoding viterbi|argmax] [--no-extra] [--only NAME,…]
 *
 * Scores the app's own pipeline (a model of either kind: words with offsets, tfjs model, decoding) with
 * entity-level exact match per corpus/type: first the four sets it is held to (BC5CDR, NCBI-disease, BC2GM; raw
 * text made by joining each sentence's tokens with single spaces), then, unless --no-extra, the same split of
 * every corpus of ../shared/data/extra in training/corpora.json (documents as the files give them, scored on
 * the types each annotates, against its gold as released; a found span over a masked gold span is not counted),
 * with the macro average per type over them and over the HUNER and JNLPBA sets.
 * BC2GM is scored in BC2GM's own convention: a tagger that carries a BC2GM style (TaggerMetadata.styles) tags
 * BC2GM with it; a tagger that marks genes NCBI's way ("SRD5A2", TaggerMetadata.geneConvention) without one has
 * a found gene span take the generic words right after it ("SRD5A2 gene", tools/lib/gene-convention.ts) before
 * it is compared; any other tagger learnt BC2GM's convention and is scored as it tags.
 * Document rules and variant patterns are off here (the model alone); `npm run tag` measures them on whole
 * documents.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TagTimings } from '../src/ner/pipeline.ts';
import type { EntitySpan } from '../src/ner/span.ts';
import { readIob, sentenceToText } from './lib/iob.ts';
import { addErrors, emptyErrors, topEntries, type ErrorCounts } from './lib/errors.ts';
import { countMatches, toScores, type Counts, type Scores } from './lib/scores.ts';
import type { TaggerEngine } from '../src/model/backend-names.ts';
import { DEFAULT_MODEL_DIR, loadNodePipeline, type NodeBackend } from './lib/node-pipeline.ts';
import { corpusEntries, readCorpusSplit, type Span } from './lib/corpora.ts';
import { bc2gmConvention } from './lib/gene-convention.ts';
import { readModelDir } from './lib/fs-model.ts';
import { taggerStyles } from '../src/model/tagger-style.ts';
import type { TaggerMetadata } from '../src/model/format.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run eval -- [--model DIR] [--data DIR] [--split test|devel] [--backend wasm|cpu] [--engine kernel|tfjs] [--limit N] [--json FILE] [--errors] [--decoding viterbi|argmax] [--no-extra] [--only NAME,…]';

/** (corpus folder, its tag type -> our type, type scored, report key) */
const EVAL_SETS = [
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Chemical', key: 'BC5CDR-Chemical', bc2gm: false },
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Disease', key: 'BC5CDR-Disease', bc2gm: false },
  { corpus: 'NCBI-disease-IOB', typeMap: { Disease: 'Disease' }, type: 'Disease', key: 'NCBI-disease', bc2gm: false },
  { corpus: 'BC2GM-IOB', typeMap: { GENE: 'Gene' }, type: 'Gene', key: 'BC2GM', bc2gm: true },
] as const;

/** The target's macro average is over these sets (the issue's HUNER and JNLPBA table). */
const HUNER_SET = (name: string) => name.startsWith('HUNER-') || name === 'JNLPBA';

const THRESHOLDS = [0, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99];

async function main(): Promise<number> {
  const { values } = parseCli(USAGE, {
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      data: { type: 'string', default: '../shared/data' },
      'no-extra': { type: 'boolean', default: false },
      only: { type: 'string' },
      split: { type: 'string', default: 'test' },
      backend: { type: 'string', default: 'wasm' },
      engine: { type: 'string', default: 'kernel' },
      limit: { type: 'string' },
      json: { type: 'string' },
      errors: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      decoding: { type: 'string', default: 'viterbi' },
    },
  });
  if (!['cpu', 'wasm'].includes(values.backend!)) {
    console.error('--backend must be cpu or wasm');
    return 2;
  }
  if (!['viterbi', 'argmax'].includes(values.decoding!)) {
    console.error('--decoding must be viterbi or argmax');
    return 2;
  }
  const limit = values.limit ? Number(values.limit) : undefined;
  if (!['kernel', 'tfjs'].includes(values.engine!)) {
    console.error('--engine must be kernel or tfjs');
    return 2;
  }
  const p = await loadNodePipeline(values.model!, values.backend as NodeBackend, values.engine as TaggerEngine);
  // BC2GM's own convention, where the model has learnt it
  const modelDir = readModelDir(values.model!);
  const bc2gmStyle = taggerStyles(modelDir.artifacts).includes('BC2GM');
  // an NCBI-convention tagger without that style gets BC2GM's generic words put back after its genes; a tagger
  // that learnt BC2GM's convention is scored as it tags
  const ncbiGenes = (modelDir.artifacts.userDefinedMetadata as Partial<TaggerMetadata> | undefined)?.geneConvention === 'NCBI';
  const bc2gm = bc2gmStyle ? await loadNodePipeline(values.model!, values.backend as NodeBackend, values.engine as TaggerEngine, 'BC2GM') : null;
  const results: Record<string, Scores> = {};
  // Precision and recall when only spans scoring at least each threshold are kept.
  const calibration: Record<string, Scores[]> = {};
  const errors: Record<string, ErrorCounts> = {};
  const predictions = new Map<string, { text: string; spans: EntitySpan[] }[]>();
  const t0 = performance.now();
  const timings: TagTimings = { tokenizeMs: 0, modelMs: 0, decodeMs: 0, tokens: 0 };
  let sentences = 0;
  // --only: the sets named (a key such as BC5CDR-Chemical, or a corpus of training/corpora.json), for a quick look.
  const only = values.only ? new Set(values.only.split(',')) : null;
  for (const set of EVAL_SETS.filter((s) => !only || only.has(s.key))) {
    const path = join(values.data!, 'corpora', set.corpus, `${values.split}.tsv`);
    const data = readIob(path).slice(0, limit).map((s) => sentenceToText(s, set.typeMap));
    const key = set.bc2gm && bc2gm ? `${set.corpus}/BC2GM style` : set.corpus;
    let preds = predictions.get(key);
    if (!preds) {
      const spans = await (set.bc2gm && bc2gm ? bc2gm : p).tag(data.map((d) => d.text), {
        batchSize: values['batch-size'] ? Number(values['batch-size']) : p.kind === 'bert' ? 32 : undefined,
        decoding: values.decoding as 'viterbi' | 'argmax',
        documentRules: [], // the model alone, as the trainer scores it; document rules are measured by npm run tag
        variants: false,
      }, timings);
      preds = data.map((d, i) => ({ text: d.text, spans: spans[i] }));
      predictions.set(key, preds);
      sentences += data.length;
    }
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    const byThreshold = THRESHOLDS.map((): Counts => ({ tp: 0, fp: 0, fn: 0 }));
    data.forEach((d, i) => {
      const gold = d.gold.filter((g) => g.type === set.type);
      const spans = set.bc2gm && !bc2gm && ncbiGenes ? bc2gmConvention(d.text, preds![i].spans) : preds![i].spans;
      const found = spans.filter((s) => s.type === set.type);
      countMatches(gold, found, counts);
      THRESHOLDS.forEach((t, k) => countMatches(gold, found.filter((s) => s.score >= t), byThreshold[k]));
      if (values.errors) addErrors(d.text, set.type, d.gold, preds![i].spans, (errors[set.key] ??= emptyErrors()));
    });
    results[set.key] = toScores(counts);
    calibration[set.key] = byThreshold.map(toScores);
  }
  const extra: Record<string, Scores> = {};
  if (!values['no-extra']) {
    for (const entry of corpusEntries().filter((e) => e.path.startsWith('extra/') && (!only || only.has(e.name)))) {
      const docs = readCorpusSplit(entry, values.split!, values.data!).slice(0, limit);
      if (!docs.length) continue;
      const spans = await p.tag(docs.map((d) => d.text), { documentRules: [], variants: false }, timings);
      sentences += docs.length;
      for (const type of entry.annotates) {
        const counts: Counts = { tp: 0, fp: 0, fn: 0 };
        docs.forEach((d, i) => {
          const overMask = (s: Span) => d.masked.some((m) => m.start < s.end && s.start < m.end);
          const found = spans[i].filter((s) => s.type === type && !overMask(s));
          countMatches(d.gold.filter((g) => g.type === type), found, counts);
          if (values.errors) addErrors(d.text, type, d.gold, spans[i].filter((s) => !overMask(s)), (errors[`${entry.name}/${type}`] ??= emptyErrors()));
        });
        extra[`${entry.name}/${type}`] = toScores(counts);
      }
    }
  }
  const macro = (pick: (name: string) => boolean) => {
    const byType: Record<string, number[]> = {};
    for (const [k, s] of Object.entries(extra)) {
      const [name, type] = k.split('/');
      if (pick(name)) (byType[type] ??= []).push(s.f1);
    }
    return Object.fromEntries(Object.entries(byType).map(([t, v]) => [t, Math.round((100 * v.reduce((a, b) => a + b, 0)) / v.length) / 100]));
  };
  const macroAll = macro(() => true);
  const macroHuner = macro(HUNER_SET);
  const secs = (performance.now() - t0) / 1000;
  console.log(`\n${values.split} split, model ${values.model}, backend ${values.backend}, ${p.engineDetail}, ${values.decoding} decoding${limit ? `, first ${limit} sentences per corpus` : ''}`);
  console.log(bc2gm ? 'BC2GM tagged with the model\'s BC2GM style'
    : ncbiGenes ? 'BC2GM: found gene spans take the generic words after them (gene-convention.ts)' : 'BC2GM: scored as the model tags (it learnt BC2GM\'s convention)');
  if (Object.keys(results).length) console.log('| corpus / type | precision | recall | F1 |\n| --- | ---: | ---: | ---: |');
  for (const [k, s] of Object.entries(results)) console.log(`| ${k} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`);
  if (Object.keys(extra).length) {
    console.log(`\n${values.split} split of every corpus of extra/ (training/corpora.json), gold as released`);
    console.log('| corpus / type | precision | recall | F1 |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [k, s] of Object.entries(extra)) console.log(`| ${k} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`);
    console.log('\nmacro-average F1 per type');
    console.log('| sets | ' + Object.keys(macroAll).join(' | ') + ' |');
    console.log('| --- |' + ' ---: |'.repeat(Object.keys(macroAll).length));
    console.log('| every extra corpus | ' + Object.keys(macroAll).map((t) => macroAll[t].toFixed(2)).join(' | ') + ' |');
    console.log('| HUNER and JNLPBA | ' + Object.keys(macroAll).map((t) => macroHuner[t]?.toFixed(2) ?? '–').join(' | ') + ' |');
  }
  if (Object.keys(calibration).length) {
    console.log('\nspans kept at a confidence threshold: precision / recall');
    console.log(`| threshold | ${Object.keys(calibration).join(' | ')} |`);
    console.log(`| ---: |${' ---: |'.repeat(Object.keys(calibration).length)}`);
    THRESHOLDS.forEach((t, k) => console.log(`| ${t} | ${Object.values(calibration).map((c) => `${c[k].precision.toFixed(1)} / ${c[k].recall.toFixed(1)}`).join(' | ')} |`));
  }
  for (const [k, e] of Object.entries(errors)) {
    console.log(`\nerrors, ${k}: ${e.boundary} boundary, ${e.typeConfusion} type confusion, ${e.missed} missed, ${e.spurious} spurious`);
    console.log(`  missed most often: ${topEntries(e.missedText, 12)}`);
    console.log(`  spurious most often: ${topEntries(e.spuriousText, 12)}`);
    console.log(`  boundaries (gold → found): ${topEntries(e.boundaryPairs, 8)}`);
  }
  console.log(`\n${sentences} sentences, ${timings.tokens} tokens in ${secs.toFixed(1)} s (tokenize ${(timings.tokenizeMs / 1000).toFixed(1)} s, model ${(timings.modelMs / 1000).toFixed(1)} s, decode ${(timings.decodeMs / 1000).toFixed(1)} s)`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...results, extra, macro: { extra: macroAll, hunerJnlpba: macroHuner }, calibration: { thresholds: THRESHOLDS, ...calibration } }, null, 2) + '\n');
  p.dispose();
  bc2gm?.dispose();
  return 0;
}

process.exitCode = await main();
