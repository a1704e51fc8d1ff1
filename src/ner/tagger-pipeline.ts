import { forwardBackward, spanProbability, viterbi, type CrfParams, type Emissions } from './crf.ts';
import { parseLabel, withoutEdgeSymbols } from './decode.ts';
import { AbortedError, type TagOptions, type TagTimings } from './pipeline.ts';
import { pretokenize, type Word } from './pretokenize.ts';
import { splitSentences, type SentenceRange } from './sentences.ts';
import type { EntitySpan } from './span.ts';
import { PAD_ID, type TaggerVocab } from './tagger-features.ts';

/** One padded batch of sentences for the CRF tagger's network, row-major. */
export interface TaggerBatch {
  batch: number;
  /** Words per row (the longest sentence of the batch). */
  steps: number;
  /** Characters per word (the longest word of the batch, clipped). */
  charLen: number;
  words: Int32Array; // [batch, steps]
  casings: Int32Array; // [batch, steps]
  chars: Int32Array; // [batch, steps, charLen]
  lengths: Int32Array; // [batch]
}

/** Runs the tagger's network: emission scores [batch, steps, labels]; the CRF is decoded here, in `src/ner`. */
export interface EmissionRunner {
  labels: readonly string[];
  crf: CrfParams;
  emissions(batch: TaggerBatch): Promise<Float32Array>;
  /** Frees what the runner holds besides the model weights. */
  dispose?(): void;
}

/** Words per model call at most (batch × longest sentence), so memory stays bounded on long documents. */
const MAX_BATCH_WORDS = 8192;

export interface Job {
  text: number;
  sentence: SentenceRange;
}

export function buildBatch(jobs: readonly Job[], words: readonly Word[][], vocab: TaggerVocab): TaggerBatch {
  const steps = Math.max(...jobs.map((j) => j.sentence.end - j.sentence.start));
  const charIds = jobs.map((j) => words[j.text].slice(j.sentence.start, j.sentence.end).map((w) => vocab.charIds(w.text)));
  const charLen = Math.max(1, ...charIds.flatMap((s) => s.map((c) => c.length)));
  const b: TaggerBatch = {
    batch: jobs.length, steps, charLen,
    words: new Int32Array(jobs.length * steps).fill(PAD_ID),
    casings: new Int32Array(jobs.length * steps),
    chars: new Int32Array(jobs.length * steps * charLen),
    lengths: new Int32Array(jobs.length),
  };
  jobs.forEach((j, r) => {
    const ws = words[j.text];
    b.lengths[r] = j.sentence.end - j.sentence.start;
    const texts = ws.slice(j.sentence.start, j.sentence.end).map((w) => w.text);
    b.casings.set(vocab.casingIds(texts), r * steps);
    for (let t = 0; t < b.lengths[r]; t++) {
      const w = texts[t];
      b.words[r * steps + t] = vocab.wordId(w);
      b.chars.set(charIds[r][t], (r * steps + t) * charLen);
    }
  });
  return b;
}

/** The label set as sentence decoding needs it, worked out once per call: each label parsed, B-/I- ids per type. */
interface LabelInfo {
  parsed: ReturnType<typeof parseLabel>[];
  begin: Map<string, number>;
  inside: Map<string, number>;
}

function labelInfo(labels: readonly string[]): LabelInfo {
  const parsed = labels.map(parseLabel);
  const ids = (prefix: string) => new Map(parsed.flatMap((p) => (p.type ? [[p.type, labels.indexOf(`${prefix}-${p.type}`)] as [string, number]] : [])));
  return { parsed, begin: ids('B'), inside: ids('I') };
}

/** Spans of one decoded sentence, each scored by its CRF marginal probability; symbols at their ends left out. */
function sentenceSpans(text: string, words: readonly Word[], s: SentenceRange, e: Emissions, crf: CrfParams, info: LabelInfo): EntitySpan[] {
  const labels = viterbi(e, crf);
  const { parsed } = info;
  const out: EntitySpan[] = [];
  let fb: ReturnType<typeof forwardBackward> | null = null;
  for (let t = 0; t < labels.length; ) {
    const p = parsed[labels[t]];
    if (p.type === null) {
      t++;
      continue;
    }
    let last = t;
    while (last + 1 < labels.length && parsed[labels[last + 1]].prefix === 'I' && parsed[labels[last + 1]].type === p.type) last++;
    fb ??= forwardBackward(e, crf);
    const [start, end] = withoutEdgeSymbols(text, words[s.start + t].start, words[s.start + last].end);
    const score = spanProbability(e, crf, fb, t, last, info.begin.get(p.type)!, info.inside.get(p.type)!);
    if (end > start) out.push({ type: p.type, start, end, text: text.slice(start, end), score });
    t = last + 1;
  }
  return out;
}

/**
 * Words of each text and the network calls that cover all their sentences: sentences sorted by length (so
 * padding, and recurrence steps, stay few), at most `maxRows` per call and MAX_BATCH_WORDS words of padded input.
 */
export function planTaggerBatches(texts: readonly string[], maxRows = 64): { words: Word[][]; batches: Job[][] } {
  const words = texts.map((t) => pretokenize(t));
  const jobs: Job[] = [];
  texts.forEach((t, i) => splitSentences(t, words[i]).forEach((sentence) => jobs.push({ text: i, sentence })));
  jobs.sort((a, b) => (b.sentence.end - b.sentence.start) - (a.sentence.end - a.sentence.start));
  const batches: Job[][] = [];
  for (let k = 0; k < jobs.length; ) {
    const longest = jobs[k].sentence.end - jobs[k].sentence.start;
    const rows = Math.max(1, Math.min(maxRows, Math.floor(MAX_BATCH_WORDS / longest)));
    batches.push(jobs.slice(k, k + rows));
    k += rows;
  }
  return { words, batches };
}

/** Tags texts with the CRF tagger: words with offsets, sentences, batched network calls, CRF decoding. */
export async function tagWithTagger(
  texts: readonly string[],
  vocab: TaggerVocab,
  runner: EmissionRunner,
  opts: TagOptions = {},
  timings?: TagTimings,
): Promise<EntitySpan[][]> {
  const now = () => performance.now();
  let t0 = now();
  const { words, batches } = planTaggerBatches(texts, opts.batchSize);
  if (timings) {
    timings.tokenizeMs += now() - t0;
    timings.tokens += words.reduce((n, w) => n + w.length, 0);
  }
  const spans: EntitySpan[][] = texts.map(() => []);
  const info = labelInfo(runner.labels);
  let done = 0;
  const total = batches.reduce((n, b) => n + b.length, 0);
  for (const batch of batches) {
    if (opts.signal?.aborted) throw new AbortedError();
    t0 = now();
    const input = buildBatch(batch, words, vocab);
    if (timings) timings.tokenizeMs += now() - t0;
    t0 = now();
    const out = await runner.emissions(input);
    if (timings) timings.modelMs += now() - t0;
    t0 = now();
    const n = runner.labels.length;
    batch.forEach((j, r) => {
      const e: Emissions = { data: out, offset: r * input.steps * n, length: input.lengths[r] };
      spans[j.text].push(...sentenceSpans(texts[j.text], words[j.text], j.sentence, e, runner.crf, info));
    });
    if (timings) timings.decodeMs += now() - t0;
    done += batch.length;
    opts.onProgress?.(done, total);
    await opts.between?.();
  }
  for (const s of spans) s.sort((a, b) => a.start - b.start);
  return spans;
}
