import * as tf from '@tensorflow/tfjs-core';
import type { CrfParams } from '../ner/crf.ts';
import type { EmissionRunner, TaggerBatch } from '../ner/tagger-pipeline.ts';
import { TAGGER_WEIGHTS, type TaggerMetadata } from './format.ts';

export type TaggerWeights = Record<(typeof TAGGER_WEIGHTS)[number], tf.Tensor>;

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
  const h4 = 4 * meta.hidden;
  const input = meta.wordDim + meta.charFilters + meta.casingDim;
  const expect: Partial<Record<keyof TaggerWeights, (number | null)[]>> = {
    word: [null, meta.wordDim], char: [null, meta.charDim], charFilter: [meta.charWidth, meta.charDim, meta.charFilters],
    charBias: [meta.charFilters], casing: [meta.casings.length, meta.casingDim], lstmInputF: [input, h4], lstmInputB: [input, h4],
    lstmBiasF: [h4], lstmBiasB: [h4], lstmRecurrent: [2, meta.hidden, h4], out: [2 * meta.hidden, labels], outBias: [labels],
  };
  for (const name of TAGGER_WEIGHTS) {
    const t = w[name];
    const shape = expect[name]!;
    if (!t || t.shape.length !== shape.length || shape.some((d, i) => d !== null && d !== t.shape[i])) {
      throw new Error(`tagger weight ${name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${shape.map((d) => d ?? '?')}]`);
    }
  }
  return w as TaggerWeights;
}

/** Row k of the result is row `index[k]` of the input: each row's first `length` steps in reverse order. */
function reverseIndex(lengths: Int32Array, steps: number): Int32Array {
  const idx = new Int32Array(lengths.length * steps);
  for (let b = 0; b < lengths.length; b++) {
    for (let t = 0; t < steps; t++) idx[b * steps + t] = b * steps + (t < lengths[b] ? lengths[b] - 1 - t : t);
  }
  return idx;
}

/**
 * The tagger's network with tfjs ops, on whatever backend is active: embeddings, character CNN, a BiLSTM
 * whose two directions step together (one batched matMul per step; the backward one reads each sentence
 * reversed within its own length, so padding never reaches a real word), and the emission layer. Only the
 * emissions [batch, steps, labels] are read back; every tensor of the call is disposed.
 */
export function taggerRunner(w: TaggerWeights, meta: TaggerMetadata, labels: readonly string[]): EmissionRunner {
  const H = meta.hidden;
  return {
    labels,
    crf: crfParams(meta),
    async emissions(b: TaggerBatch) {
      const { batch: B, steps: T, charLen: C } = b;
      const out = tf.tidy(() => {
        const words = tf.gather(w.word, tf.tensor1d(b.words, 'int32'));
        const casings = tf.gather(w.casing, tf.tensor1d(b.casings, 'int32'));
        const charIds = tf.tensor1d(b.chars, 'int32');
        const real = tf.reshape(tf.cast(tf.notEqual(charIds, 0), 'float32'), [B * T, C, 1]);
        // Padding characters are zero vectors, as in training (quantization would make them slightly not).
        const chars = tf.mul(tf.reshape(tf.gather(w.char, charIds), [B * T, C, meta.charDim]), real);
        const conv = tf.tanh(tf.add(tf.conv1d(chars as tf.Tensor3D, w.charFilter as tf.Tensor3D, 1, 'same'), w.charBias));
        const pooled = tf.maximum(tf.max(tf.add(conv, tf.mul(tf.sub(1, real), -1e4)), 1), -1);
        const x = tf.concat([words, pooled, casings], 1) as tf.Tensor2D;
        const rev = tf.tensor1d(reverseIndex(b.lengths, T), 'int32');
        const xf = tf.reshape(tf.add(tf.matMul(x, w.lstmInputF as tf.Tensor2D), w.lstmBiasF), [B, T, 4 * H]);
        const xb = tf.reshape(tf.gather(tf.add(tf.matMul(x, w.lstmInputB as tf.Tensor2D), w.lstmBiasB), rev), [B, T, 4 * H]);
        const steps = tf.unstack(tf.transpose(tf.stack([xf, xb]), [2, 0, 1, 3])); // T × [2, B, 4H]
        let h: tf.Tensor = tf.zeros([2, B, H]);
        let c: tf.Tensor = tf.zeros([2, B, H]);
        const hs: tf.Tensor[] = [];
        for (const xt of steps) {
          const g = tf.add(xt, tf.matMul(h as tf.Tensor3D, w.lstmRecurrent as tf.Tensor3D));
          const [i, f, o] = tf.split(tf.sigmoid(tf.slice(g, [0, 0, 0], [2, B, 3 * H])), 3, 2);
          const cell = tf.tanh(tf.slice(g, [0, 0, 3 * H], [2, B, H]));
          c = tf.add(tf.mul(f, c), tf.mul(i, cell));
          h = tf.mul(o, tf.tanh(c));
          hs.push(h);
        }
        const [hf, hbRev] = tf.unstack(tf.stack(hs, 2)); // [B, T, H] each
        const hb = tf.gather(tf.reshape(hbRev, [B * T, H]), rev);
        const feats = tf.concat([tf.reshape(hf, [B * T, H]), hb], 1) as tf.Tensor2D;
        return tf.add(tf.matMul(feats, w.out as tf.Tensor2D), w.outBias);
      });
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
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
