import { constrainedLabels, decodeSpans } from './decode.ts';
import type { DocumentRule } from './document-rules.ts';
import type { EntitySpan } from './span.ts';
import { tokenizeWithOffsets, type TokenizedText, type WordPieceModel } from './tokenize.ts';
import { assignWords, planWindows, type TokenWindow } from './windows.ts';

/** Runs the token-classification model on one padded batch. */
export interface ModelRunner {
  /** Longest input the model takes, [CLS] and [SEP] included. */
  maxLength: number;
  labels: readonly string[];
  /**
   * For each position of a [batch, seqLen] input, the best label id and its probability
   * (softmax over labels), row-major.
   */
  run(ids: Int32Array, mask: Int32Array, batch: number, seqLen: number): Promise<RunOutput>;
}

export interface RunOutput {
  /** Best label id per position, [batch, seqLen] row-major. */
  labelIds: Int32Array;
  /** Its probability. */
  scores: Float32Array;
  /** All label probabilities, [batch, seqLen, labels]; when given, spans are decoded as valid IOB2 (Viterbi). */
  probs?: Float32Array;
}

export interface TagOptions {
  /** Windows per model call. */
  batchSize?: number;
  /** Tokens shared by consecutive windows of a long text. */
  overlap?: number;
  /** Window length in tokens ([CLS]/[SEP] excluded); defaults to what the model allows. */
  windowTokens?: number;
  signal?: AbortSignal;
  /** Called after each batch with windows done and total windows. */
  onProgress?: (done: number, total: number) => void;
  /** Awaited after each batch: a worker passes a macrotask yield so a cancel message can arrive. */
  between?: () => Promise<void>;
  /**
   * `viterbi` (default): the best valid IOB2 label sequence, when the runner gives probabilities;
   * `argmax`: each word's best label, invalid I- repaired into new spans.
   */
  decoding?: 'viterbi' | 'argmax';
  /** Whole-text rules applied after tagging (src/ner/document-rules.ts); default DEFAULT_DOCUMENT_RULES. */
  documentRules?: readonly DocumentRule[];
  /**
   * Spans found by patterns, winning over the spans they overlap: sequence variants (src/ner/variant-spans.ts)
   * and chromosomal syndromes (src/ner/chromosome-syndromes.ts); and ions tagged as genes or diseases made
   * chemicals (src/ner/ions.ts); default true.
   */
  variants?: boolean;
}

export interface TagTimings {
  tokenizeMs: number;
  modelMs: number;
  decodeMs: number;
  tokens: number;
}

interface Job {
  text: number;
  window: number;
  w: TokenWindow;
}

export class AbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('Tagging was cancelled');
  }
}

/** Tags texts end to end: tokens with offsets, windows, batched model calls, word labels, spans. */
export async function tagTexts(
  texts: readonly string[],
  wordpiece: WordPieceModel,
  runner: ModelRunner,
  opts: TagOptions = {},
  timings?: TagTimings,
): Promise<EntitySpan[][]> {
  const now = () => performance.now();
  const batchSize = opts.batchSize ?? 8;
  const maxTokens = Math.min(opts.windowTokens ?? Infinity, runner.maxLength - 2);
  const overlap = opts.overlap ?? Math.min(64, Math.floor(maxTokens / 4));
  let t0 = now();
  const tokenized: TokenizedText[] = texts.map((t) => tokenizeWithOffsets(t, wordpiece));
  const windows = tokenized.map((t, i) => planWindows(texts[i], t, maxTokens, overlap));
  if (timings) {
    timings.tokenizeMs += now() - t0;
    timings.tokens += tokenized.reduce((n, t) => n + t.tokens.length, 0);
  }

  // Per text and word: winning window, then its label and score once that window has run.
  const owners = tokenized.map((t, i) => assignWords(t, windows[i]));
  const wordLabels: Int32Array[] = tokenized.map((t) => new Int32Array(t.words.length).fill(-1));
  const wordScores = tokenized.map((t) => new Float32Array(t.words.length));
  const nLabels = runner.labels.length;
  let wordProbs: Float32Array[] | null = null; // set once the runner gives full probabilities

  const jobs: Job[] = [];
  windows.forEach((ws, text) => ws.forEach((w, window) => w.end > w.start && jobs.push({ text, window, w })));
  // Similar lengths in one batch keep padding small.
  jobs.sort((a, b) => (b.w.end - b.w.start) - (a.w.end - a.w.start));

  for (let k = 0; k < jobs.length; k += batchSize) {
    if (opts.signal?.aborted) throw new AbortedError();
    const batch = jobs.slice(k, k + batchSize);
    const seqLen = Math.max(...batch.map((j) => j.w.end - j.w.start)) + 2;
    const ids = new Int32Array(batch.length * seqLen).fill(wordpiece.padId);
    const mask = new Int32Array(batch.length * seqLen);
    batch.forEach((j, r) => {
      const toks = tokenized[j.text].tokens;
      const row = r * seqLen;
      ids[row] = wordpiece.clsId;
      mask[row] = 1;
      for (let i = j.w.start; i < j.w.end; i++) {
        ids[row + 1 + i - j.w.start] = toks[i].id;
        mask[row + 1 + i - j.w.start] = 1;
      }
      ids[row + 1 + j.w.end - j.w.start] = wordpiece.sepId;
      mask[row + 1 + j.w.end - j.w.start] = 1;
    });
    t0 = now();
    const out = await runner.run(ids, mask, batch.length, seqLen);
    if (timings) timings.modelMs += now() - t0;
    batch.forEach((j, r) => {
      const t = tokenized[j.text];
      for (let i = j.w.start; i < j.w.end; i++) {
        const tok = t.tokens[i];
        if (!tok.first || owners[j.text][tok.word] !== j.window) continue;
        const pos = r * seqLen + 1 + i - j.w.start;
        wordLabels[j.text][tok.word] = out.labelIds[pos];
        wordScores[j.text][tok.word] = out.scores[pos];
        if (out.probs && opts.decoding !== 'argmax') {
          wordProbs ??= tokenized.map((x) => new Float32Array(x.words.length * nLabels).fill(NaN));
          wordProbs[j.text].set(out.probs.subarray(pos * nLabels, (pos + 1) * nLabels), tok.word * nLabels);
        }
      }
    });
    opts.onProgress?.(Math.min(k + batchSize, jobs.length), jobs.length);
    await opts.between?.();
  }
  t0 = now();
  const spans = texts.map((text, i) => {
    if (wordProbs) {
      // The best valid IOB2 sequence; a word's score is the probability of the label it ends up with.
      const probs = wordProbs[i];
      wordLabels[i] = constrainedLabels(probs, runner.labels);
      wordLabels[i].forEach((l, w) => (wordScores[i][w] = l >= 0 ? probs[w * nLabels + l] : 0));
    }
    return decodeSpans(text, tokenized[i].words, wordLabels[i], wordScores[i], runner.labels);
  });
  if (timings) timings.decodeMs += now() - t0;
  return spans;
}
