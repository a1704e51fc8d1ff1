import * as tf from '@tensorflow/tfjs-core';
import type { CrfParams } from '../ner/crf.ts';
import type { EmissionRunner, TaggerBatch } from '../ner/tagger-pipeline.ts';
import { casingRows, taggerWeightNames, type TaggerMetadata } from './format.ts';

export type TaggerWeights = Record<string, tf.Tensor>;

/** Reads a tensor's values back and disposes it, also when the read fails. */
async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

export function crfParams(meta: TaggerMetadata): CrfParams {
  const n = meta.crf.start.length;
  return {
    n,
    transitions: Float32Array.from(meta.crf.transitions.flat()),
    start: Float32Array.from(meta.crf.start),
    end: Float32Array.from(meta.crf.end),
  };
}

/** Checks that every weight the network needs is there, with the shapes the metadata implies. */
export function checkTaggerWeights(w: tf.NamedTensorMap, meta: TaggerMetadata, labels: number): TaggerWeights {
  const H = meta.hidden;
  const input = meta.wordDim + meta.charFilters + meta.casingDim;
  const expect: Record<string, (number | null)[]> = {
    word: [null, meta.wordDim], char: [null, meta.charDim], charFilter: [meta.charWidth, meta.charDim, meta.charFilters],
    charBias: [meta.charFilters], casing: [casingRows(meta), meta.casingDim], outBias: [labels],
  };
  if (meta.encoder === 'bilstm') {
    Object.assign(expect, { lstmInput: [input, 8 * H], lstmBias: [8 * H], lstmRecurrent: [2, H, 4 * H], out: [2 * H, labels] });
  } else {
    Object.assign(expect, { convIn: [3, input, H], convInBias: [H], out: [H, labels] });
    (meta.dilations ?? []).forEach((_, k) => Object.assign(expect, { [`conv${k}`]: [3, H, H], [`conv${k}Bias`]: [H] }));
  }
  for (const name of taggerWeightNames(meta)) {
    const t = w[name];
    const shape = expect[name];
    if (!t || t.shape.length !== shape.length || shape.some((d, i) => d !== null && d !== t.shape[i])) {
      throw new Error(`tagger weight ${name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${shape.map((d) => d ?? '?')}]`);
    }
  }
  return w;
}

/**
 * tanh(x) as 2·sigmoid(2x) − 1: tfjs's wasm backend runs Sigmoid vectorized but Tanh element by element through
 * libm (measured in Node: about three times a Sigmoid's time on a step's [10, 2, 200], and 7 ms a call on the
 * character CNN's output of an abstract). Must run inside tf.tidy.
 */
function tanh(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

/**
 * Per word: word embedding, max-pooled character CNN, casing embedding: [batch·steps, input]. The embedding
 * rows are copied in JavaScript from tables read once (a gather on tfjs's wasm backend copies slowly: about
 * 14 ms of a 100 ms call), and only the character CNN runs as tfjs ops.
 */
class WordFeatures {
  private readonly word: Float32Array;
  private readonly char: Float32Array;
  private readonly casing: Float32Array;

  constructor(private readonly w: TaggerWeights, private readonly meta: TaggerMetadata) {
    this.word = w.word.dataSync() as Float32Array;
    this.char = w.char.dataSync() as Float32Array;
    this.casing = w.casing.dataSync() as Float32Array;
    // The tables now live here; the tensors would only hold a second copy.
    for (const t of [w.word, w.char, w.casing]) t.dispose();
  }

  /** Must run inside tf.tidy. */
  features(b: TaggerBatch): tf.Tensor2D {
    const { batch: B, steps: T, charLen: C } = b;
    const { wordDim: W, charDim: D, casingDim: K } = this.meta;
    const rows = (ids: Int32Array, table: Float32Array, dim: number) => {
      const out = new Float32Array(ids.length * dim);
      // Id 0 (padding) stays a zero vector, as in training (quantization would make it slightly not).
      ids.forEach((id, i) => id && out.set(table.subarray(id * dim, (id + 1) * dim), i * dim));
      return out;
    };
    const words = tf.tensor2d(rows(b.words, this.word, W), [B * T, W]);
    const casings = tf.tensor2d(rows(b.casings, this.casing, K), [B * T, K]);
    const chars = tf.tensor3d(rows(b.chars, this.char, D), [B * T, C, D]);
    const pad = new Float32Array(B * T * C);
    b.chars.forEach((id, i) => id === 0 && (pad[i] = -1e4));
    const conv = tanh(tf.add(tf.conv1d(chars, this.w.charFilter as tf.Tensor3D, 1, 'same'), this.w.charBias));
    const pooled = tf.maximum(tf.max(tf.add(conv, tf.tensor3d(pad, [B * T, C, 1])), 1), -1);
    return tf.concat([words, pooled, casings], 1) as tf.Tensor2D;
  }
}

/**
 * The iterated dilated CNN: every layer one convolution over all words of the batch. Padding words are zeros
 * before every layer (as in training), so a word's scores never depend on the batch it is in.
 */
function idcnnRunner(w: TaggerWeights, meta: TaggerMetadata, labels: readonly string[]): EmissionRunner {
  const H = meta.hidden;
  const features = new WordFeatures(w, meta);
  return {
    labels,
    crf: crfParams(meta),
    async emissions(b: TaggerBatch) {
      const { batch: B, steps: T } = b;
      const mask = new Float32Array(B * T);
      b.lengths.forEach((n, r) => mask.fill(1, r * T, r * T + n));
      const out = tf.tidy(() => {
        const m = tf.tensor3d(mask, [B, T, 1]);
        const x = tf.reshape(features.features(b), [B, T, -1]);
        let h = tf.mul(tf.relu(tf.add(tf.conv1d(tf.mul(x, m) as tf.Tensor3D, w.convIn as tf.Tensor3D, 1, 'same'), w.convInBias)), m);
        for (let it = 0; it < (meta.iterations ?? 1); it++) {
          (meta.dilations ?? []).forEach((d, k) => {
            h = tf.mul(tf.relu(tf.add(tf.conv1d(h as tf.Tensor3D, w[`conv${k}`] as tf.Tensor3D, 1, 'same', 'NWC', d), w[`conv${k}Bias`])), m);
          });
        }
        return tf.add(tf.matMul(tf.reshape(h, [B * T, H]), w.out as tf.Tensor2D), w.outBias);
      });
      return readAndDispose(out);
    },
  };
}

/** The network of a tagger with either encoder. */
export function taggerRunner(w: TaggerWeights, meta: TaggerMetadata, labels: readonly string[]): EmissionRunner {
  return meta.encoder === 'idcnn' ? idcnnRunner(w, meta, labels) : bilstmRunner(w, meta, labels);
}

/**
 * The input of recurrence step `t` for the first `n` rows of `order` (the rows still reading at step t): [n, 2,
 * 4H], the forward direction's four gates from word t and the backward direction's from word length-1-t (the
 * backward direction reads each sentence reversed within its own length). `proj` is the input projection of every
 * word, [batch·steps, 8H] row-major, gate-major with each gate's forward units before its backward ones
 * (format.ts).
 */
function stepInput(proj: Float32Array, lengths: Int32Array, order: Int32Array, n: number, steps: number, h: number, t: number, out: Float32Array): Float32Array {
  const width = 8 * h;
  for (let b = 0; b < n; b++) {
    const row = order[b];
    const fwd = (row * steps + t) * width;
    const bwd = (row * steps + lengths[row] - 1 - t) * width;
    for (let k = 0; k < 3; k++) {
      out.set(proj.subarray(fwd + k * 2 * h, fwd + k * 2 * h + h), b * width + k * h);
      out.set(proj.subarray(bwd + k * 2 * h + h, bwd + (k + 1) * 2 * h), b * width + 4 * h + k * h);
    }
    // The cell gate doubled: the step reads tanh(x) as 2·sigmoid(2x) − 1 (bilstmRunner).
    for (let j = 0; j < h; j++) {
      out[b * width + 3 * h + j] = 2 * proj[fwd + 6 * h + j];
      out[b * width + 7 * h + j] = 2 * proj[bwd + 7 * h + j];
    }
  }
  return out.subarray(0, n * width);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The BiLSTM's steps with the gates computed in JavaScript, for the backends whose tensors live in this thread's
 * memory (wasm, cpu): a step is then two uploads, two matMuls and a read, not about twenty tfjs calls, each with a
 * fixed cost that outweighed its arithmetic. Rows as `bilstmRunner` orders them; returns every step's hidden states,
 * [offsets[step] + rank, 2H] (forward units, then backward).
 */
function lstmGatesInJs(proj: Float32Array, lengths: Int32Array, order: Int32Array, active: Int32Array, offsets: Int32Array, steps: number, H: number, recForward: tf.Tensor2D, recBackward: tf.Tensor2D): Float32Array {
  const B = order.length;
  const longest = active.length;
  const hs = new Float32Array(offsets[longest] * 2 * H);
  const c = new Float32Array(B * 2 * H);
  const hf = new Float32Array(B * H);
  const hb = new Float32Array(B * H);
  const input = new Float32Array(B * 8 * H);
  for (let t = 0; t < longest; t++) {
    const n = active[t];
    const x = stepInput(proj, lengths, order, n, steps, H, t, input);
    const recT = tf.tidy(() => tf.concat([tf.matMul(tf.tensor2d(hf.subarray(0, n * H), [n, H]), recForward), tf.matMul(tf.tensor2d(hb.subarray(0, n * H), [n, H]), recBackward)], 1));
    const r = recT.dataSync() as Float32Array;
    recT.dispose();
    for (let k = 0; k < n; k++) {
      for (let d = 0; d < 2; d++) {
        const g = k * 8 * H + d * 4 * H;
        const state = hs.subarray((offsets[t] + k) * 2 * H + d * H);
        const prev = d ? hb : hf;
        for (let j = 0; j < H; j++) {
          const i = sigmoid(x[g + j] + r[g + j]);
          const f = sigmoid(x[g + H + j] + r[g + H + j]);
          const o = sigmoid(x[g + 2 * H + j] + r[g + 2 * H + j]);
          // The cell gate's inputs are doubled (stepInput, bilstmRunner): tanh(v) = 2·sigmoid(2v) − 1.
          const s = 2 * sigmoid(x[g + 3 * H + j] + r[g + 3 * H + j]) - 1;
          const ci = (k * 2 + d) * H + j;
          c[ci] = f * c[ci] + i * s;
          const h = o * Math.tanh(c[ci]);
          state[j] = h;
          prev[k * H + j] = h;
        }
      }
    }
  }
  return hs;
}

/**
 * The same steps as tensors, for WebGL and WebGPU, where reading the gates back each step would stall the GPU: the
 * gates of both directions as one [n, 2, 4H] tensor; a row's states are sliced off once its sentence is read.
 * Returns every step's hidden states, [offsets[step] + rank, 2H]. Must run inside tf.tidy.
 */
function lstmGatesAsTensors(proj: Float32Array, lengths: Int32Array, order: Int32Array, active: Int32Array, offsets: Int32Array, steps: number, H: number, recForward: tf.Tensor2D, recBackward: tf.Tensor2D, one: tf.Scalar, two: tf.Scalar): tf.Tensor2D {
  const longest = active.length;
  const input = new Float32Array(order.length * 8 * H);
  let n = active[0];
  let hf: tf.Tensor2D = tf.zeros([n, H]);
  let hb: tf.Tensor2D = tf.zeros([n, H]);
  let c: tf.Tensor = tf.zeros([n, 2, H]);
  const hs: tf.Tensor[] = [];
  for (let t = 0; t < longest; t++) {
    if (active[t] < n) {
      n = active[t];
      hf = tf.slice(hf, [0, 0], [n, H]);
      hb = tf.slice(hb, [0, 0], [n, H]);
      c = tf.slice(c, [0, 0, 0], [n, 2, H]);
    }
    const recurrent = tf.concat([tf.matMul(hf, recForward), tf.matMul(hb, recBackward)], 1);
    const g = tf.reshape(tf.add(tf.tensor2d(stepInput(proj, lengths, order, n, steps, H, t, input), [n, 8 * H]), recurrent), [n, 2, 4 * H]);
    // One sigmoid for all four gates: the cell gate's tanh(x) is 2·sigmoid(2x) − 1, its inputs doubled
    // beforehand (tfjs's wasm Tanh took about three times a Sigmoid's time).
    const [i, f, o, s] = tf.split(tf.sigmoid(g), 4, 2);
    c = tf.add(tf.mul(f, c), tf.mul(i, tf.sub(tf.mul(s, two), one)));
    const h = tf.mul(o, tanh(c)); // [n, 2, H]: forward units, then backward
    hf = tf.reshape(tf.slice(h, [0, 0, 0], [n, 1, H]), [n, H]);
    hb = tf.reshape(tf.slice(h, [0, 1, 0], [n, 1, H]), [n, H]);
    hs.push(h);
  }
  return tf.reshape(hs.length > 1 ? tf.concat(hs, 0) : hs[0], [offsets[longest], 2 * H]);
}

/**
 * The tagger's network with tfjs ops, on whatever backend is active: embeddings, character CNN, a BiLSTM whose
 * two directions step together, and the emission layer. Each step multiplies each direction's state by its own
 * recurrent matrix ([H, 4H], format.ts: two 2-D matMuls, measured 2.2× faster on tfjs's wasm backend than one
 * matMul by a block-diagonal [2H, 8H] matrix, half of whose products are zeros; a batched 3-D matMul was slower
 * still) and runs the gates of both directions as one [batch, 2, 4H] tensor. The input projections of all words
 * are one matMul; each step's rows are then put together in JavaScript and uploaded, because gathering or
 * slicing rows of a large tensor copies slowly on tfjs's wasm backend (measured: ~30 ms to gather 300 rows of
 * 1,600), while a step's [batch, 8H] upload is a memcpy. The rows step longest first, and a row leaves the
 * step's matMuls once its sentence is read: a batch's sentences differ in length, and padding was half the work.
 * On wasm and cpu the gates are computed in JavaScript (`lstmGatesInJs`; Chromium bench, tfjs p50 97 → 68–87 ms a
 * text; slower in Node, which the app never uses), on WebGL and WebGPU as tensors, where a read back each step
 * would stall the GPU. The emissions of both directions are summed in JavaScript. Every tensor of a call is
 * disposed.
 */
function bilstmRunner(w: TaggerWeights, meta: TaggerMetadata, labels: readonly string[]): EmissionRunner {
  const H = meta.hidden;
  const N = labels.length;
  const features = new WordFeatures(w, meta);
  // [2H, 2N]: forward units to the first N outputs, backward units to the other N, so one matMul scores both.
  const outW = w.out.dataSync() as Float32Array;
  const outBlock = new Float32Array(2 * H * 2 * N);
  for (let r = 0; r < 2 * H; r++) outBlock.set(outW.subarray(r * N, (r + 1) * N), r * 2 * N + (r < H ? 0 : N));
  const outBoth = tf.tensor2d(outBlock, [2 * H, 2 * N]);
  // Each direction's recurrent matrix, its cell-gate columns doubled (as stepInput doubles that gate's input).
  const rec = Float32Array.from(w.lstmRecurrent.dataSync() as Float32Array);
  for (let r = 0; r < 2 * H; r++) for (let j = 3 * H; j < 4 * H; j++) rec[r * 4 * H + j] *= 2;
  const recForward = tf.tensor2d(rec.subarray(0, H * 4 * H), [H, 4 * H]);
  const recBackward = tf.tensor2d(rec.subarray(H * 4 * H), [H, 4 * H]);
  const [one, two] = [tf.scalar(1), tf.scalar(2)];
  const outBias = w.outBias.dataSync() as Float32Array;
  return {
    labels,
    crf: crfParams(meta),
    async emissions(b: TaggerBatch) {
      const { batch: B, steps: T } = b;
      const proj = await readAndDispose(tf.tidy(() => tf.add(tf.matMul(features.features(b), w.lstmInput as tf.Tensor2D), w.lstmBias)));
      // Rows longest first: the rows still reading at step t are the first active[t]; offsets[t] is where step
      // t's rows start among all the steps' rows.
      const order = Int32Array.from({ length: B }, (_, r) => r).sort((x, y) => b.lengths[y] - b.lengths[x]);
      const longest = B ? b.lengths[order[0]] : 0;
      const active = new Int32Array(longest);
      for (const len of b.lengths) for (let t = 0; t < len; t++) active[t]++;
      const offsets = new Int32Array(longest + 1);
      for (let t = 0; t < longest; t++) offsets[t + 1] = offsets[t] + active[t];
      const out = new Float32Array(B * T * N);
      if (!longest) return out;
      const backend = tf.getBackend();
      const scoresT = tf.tidy(() => {
        const states = backend === 'wasm' || backend === 'cpu'
          ? tf.tensor2d(lstmGatesInJs(proj, b.lengths, order, active, offsets, T, H, recForward, recBackward), [offsets[longest], 2 * H])
          : lstmGatesAsTensors(proj, b.lengths, order, active, offsets, T, H, recForward, recBackward, one, two);
        return tf.matMul(states, outBoth); // [offsets[step] + rank, 2N]
      });
      const scores = await readAndDispose(scoresT);
      // Word p of the row of rank k: forward scores of step p plus backward scores of step length-1-p, plus the bias.
      for (let k = 0; k < B; k++) {
        const r = order[k];
        const len = b.lengths[r];
        for (let p = 0; p < len; p++) {
          const fwd = (offsets[p] + k) * 2 * N;
          const bwd = (offsets[len - 1 - p] + k) * 2 * N + N;
          for (let l = 0; l < N; l++) out[(r * T + p) * N + l] = scores[fwd + l] + scores[bwd + l] + outBias[l];
        }
      }
      return out;
    },
    dispose() {
      outBoth.dispose();
      for (const t of [recForward, recBackward, one, two]) t.dispose();
    },
  };
}

/** One short call so kernels compile and memory is set up before real work. */
export async function warmUpTagger(runner: EmissionRunner): Promise<void> {
  await runner.emissions({
    batch: 1, steps: 2, charLen: 1,
    words: new Int32Array([1, 1]), casings: new Int32Array([1, 1]), chars: new Int32Array([1, 1]), lengths: new Int32Array([2]),
  });
}
