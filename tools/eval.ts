/**
 * npm run eval -- [--model DIR] [--corpora DIR] [--split test|devel] [--backend wasm|cpu] [--limit N] [--json FILE]
 *                  [--decoding viterbi|argmax]
 *
 * Scores the app's own pipeline (tokenizer with offsets, windows, tfjs graph model, span decoding) on raw
 * text made by joining each sentence's tokens with single spaces: entity-level exact match per corpus/type.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tagTexts, type TagTimings } from '../src/ner/pipeline.ts';
import { readIob, sentenceToText } from './lib/iob.ts';
import { countMatches, toScores, type Counts, type Scores } from './lib/scores.ts';
import { DEFAULT_MODEL_DIR, loadNodePipeline, type NodeBackend } from './lib/node-pipeline.ts';

/** (corpus folder, its tag type -> our type, type scored, report key) */
const EVAL_SETS = [
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Chemical', key: 'BC5CDR-Chemical' },
  { corpus: 'BC5CDR-IOB', typeMap: { Chemical: 'Chemical', Disease: 'Disease' }, type: 'Disease', key: 'BC5CDR-Disease' },
  { corpus: 'NCBI-disease-IOB', typeMap: { Disease: 'Disease' }, type: 'Disease', key: 'NCBI-disease' },
  { corpus: 'BC2GM-IOB', typeMap: { GENE: 'Gene' }, type: 'Gene', key: 'BC2GM' },
] as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      corpora: { type: 'string', default: '../shared/data/corpora' },
      split: { type: 'string', default: 'test' },
      backend: { type: 'string', default: 'wasm' },
      limit: { type: 'string' },
      json: { type: 'string' },
      'batch-size': { type: 'string', default: '32' },
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
  const p = await loadNodePipeline(values.model!, values.backend as NodeBackend);
  const results: Record<string, Scores> = {};
  const predictions = new Map<string, { text: string; spans: Awaited<ReturnType<typeof tagTexts>>[number] }[]>();
  const t0 = performance.now();
  const timings: TagTimings = { tokenizeMs: 0, modelMs: 0, decodeMs: 0, tokens: 0 };
  let sentences = 0;
  for (const set of EVAL_SETS) {
    const path = join(values.corpora!, set.corpus, `${values.split}.tsv`);
    const data = readIob(path).slice(0, limit).map((s) => sentenceToText(s, set.typeMap));
    let preds = predictions.get(set.corpus);
    if (!preds) {
      const spans = await tagTexts(data.map((d) => d.text), p.wordpiece, p.runner, { batchSize: Number(values['batch-size']), decoding: values.decoding as 'viterbi' | 'argmax' }, timings);
      preds = data.map((d, i) => ({ text: d.text, spans: spans[i] }));
      predictions.set(set.corpus, preds);
      sentences += data.length;
    }
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    data.forEach((d, i) => countMatches(d.gold.filter((g) => g.type === set.type), preds![i].spans.filter((s) => s.type === set.type), counts));
    results[set.key] = toScores(counts);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`\n${values.split} split, model ${values.model}, backend ${values.backend}, ${values.decoding} decoding${limit ? `, first ${limit} sentences per corpus` : ''}`);
  console.log('| corpus / type | precision | recall | F1 |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [k, s] of Object.entries(results)) console.log(`| ${k} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`);
  console.log(`\n${sentences} sentences, ${timings.tokens} tokens in ${secs.toFixed(1)} s (tokenize ${(timings.tokenizeMs / 1000).toFixed(1)} s, model ${(timings.modelMs / 1000).toFixed(1)} s, decode ${(timings.decodeMs / 1000).toFixed(1)} s)`);
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2) + '\n');
  p.dispose();
  return 0;
}

process.exitCode = await main();
