/**
 * npm run eval -- [--model DIR] [--corpora DIR] [--split test|devel] [--backend wasm|cpu] [--engine kernel|tfjs] [--limit N] [--json FILE] [--errors]
 *                  [--decoding viterbi|argmax]
 *
 * Scores the app's own pipeline (a model of either kind: words with offsets, tfjs model, decoding) on raw
 * text made by joining each sentence's tokens with single spaces: entity-level exact match per corpus/type.
 * Document rules are off here (one sentence is no document); `npm run tag` measures them on whole abstracts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TagTimings } from '../src/ner/pipeline.ts';
import type { EntitySpan } from '../src/ner/span.ts';
import { readIob, sentenceToText } from './lib/iob.ts';
import { addErrors, emptyErrors, topEntries, type ErrorCounts } from './lib/errors.ts';
import { countMatches, toScores, type Counts, type Scores } from './lib/scores.ts';
import type { TaggerEngine } from '../src/model/backend-names.ts';
import { DEFAULT_MODEL_DIR, loadNodePipeline, type NodeBackend } from './lib/node-pipeline.ts';

/** (corpus folder, its tag type -> our type, type scored, report key) */
const EVAL_SETS = [
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Chemical', key: 'BC5CDR-Chemical' },
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Disease', key: 'BC5CDR-Disease' },
  { corpus: 'NCBI-disease-IOB', typeMap: { Disease: 'Disease' }, type: 'Disease', key: 'NCBI-disease' },
  { corpus: 'BC2GM-IOB', typeMap: { GENE: 'Gene' }, type: 'Gene', key: 'BC2GM' },
] as const;

const THRESHOLDS = [0, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      corpora: { type: 'string', default: '../shared/data/corpora' },
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
  const results: Record<string, Scores> = {};
  // Precision and recall when only spans scoring at least each threshold are kept.
  const calibration: Record<string, Scores[]> = {};
  const errors: Record<string, ErrorCounts> = {};
  const predictions = new Map<string, { text: string; spans: EntitySpan[] }[]>();
  const t0 = performance.now();
  const timings: TagTimings = { tokenizeMs: 0, modelMs: 0, decodeMs: 0, tokens: 0 };
  let sentences = 0;
  for (const set of EVAL_SETS) {
    const path = join(values.corpora!, set.corpus, `${values.split}.tsv`);
    const data = readIob(path).slice(0, limit).map((s) => sentenceToText(s, set.typeMap));
    let preds = predictions.get(set.corpus);
    if (!preds) {
      const spans = await p.tag(data.map((d) => d.text), {
        batchSize: values['batch-size'] ? Number(values['batch-size']) : p.kind === 'bert' ? 32 : undefined,
        decoding: values.decoding as 'viterbi' | 'argmax',
        documentRules: [], // the model alone, as the trainer scores it; document rules are measured by npm run tag
        variants: false,
      }, timings);
      preds = data.map((d, i) => ({ text: d.text, spans: spans[i] }));
      predictions.set(set.corpus, preds);
      sentences += data.length;
    }
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    const byThreshold = THRESHOLDS.map((): Counts => ({ tp: 0, fp: 0, fn: 0 }));
    data.forEach((d, i) => {
      const gold = d.gold.filter((g) => g.type === set.type);
      const found = preds![i].spans.filter((s) => s.type === set.type);
      countMatches(gold, found, counts);
      THRESHOLDS.forEach((t, k) => countMatches(gold, found.filter((s) => s.score >= t), byThreshold[k]));
      if (values.errors) addErrors(d.text, set.type, d.gold, preds![i].spans, (errors[set.key] ??= emptyErrors()));
    });
    results[set.key] = toScores(counts);
    calibration[set.key] = byThreshold.map(toScores);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`\n${values.split} split, model ${values.model}, backend ${values.backend}, ${p.engineDetail}, ${values.decoding} decoding${limit ? `, first ${limit} sentences per corpus` : ''}`);
  console.log('| corpus / type | precision | recall | F1 |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [k, s] of Object.entries(results)) console.log(`| ${k} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`);
  console.log('\nspans kept at a confidence threshold: precision / recall');
  console.log(`| threshold | ${Object.keys(calibration).join(' | ')} |`);
  console.log(`| ---: |${' ---: |'.repeat(Object.keys(calibration).length)}`);
  THRESHOLDS.forEach((t, k) => console.log(`| ${t} | ${Object.values(calibration).map((c) => `${c[k].precision.toFixed(1)} / ${c[k].recall.toFixed(1)}`).join(' | ')} |`));
  for (const [k, e] of Object.entries(errors)) {
    console.log(`\nerrors, ${k}: ${e.boundary} boundary, ${e.typeConfusion} type confusion, ${e.missed} missed, ${e.spurious} spurious`);
    console.log(`  missed most often: ${topEntries(e.missedText, 12)}`);
    console.log(`  spurious most often: ${topEntries(e.spuriousText, 12)}`);
    console.log(`  boundaries (gold → found): ${topEntries(e.boundaryPairs, 8)}`);
  }
  console.log(`\n${sentences} sentences, ${timings.tokens} tokens in ${secs.toFixed(1)} s (tokenize ${(timings.tokenizeMs / 1000).toFixed(1)} s, model ${(timings.modelMs / 1000).toFixed(1)} s, decode ${(timings.decodeMs / 1000).toFixed(1)} s)`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...results, calibration: { thresholds: THRESHOLDS, ...calibration } }, null, 2) + '\n');
  p.dispose();
  return 0;
}

process.exitCode = await main();
