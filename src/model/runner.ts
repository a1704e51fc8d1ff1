import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { ATTENTION_MASK, INPUT_IDS, LOGITS } from './format.ts';
import type { ModelRunner } from '../ner/pipeline.ts';

/**
 * A ModelRunner over a loaded tfjs graph model. Softmax, max and argmax run on the backend; only the
 * small results are read back (label ids and scores [batch, seq], probabilities [batch, seq, labels] for the
 * constrained decoding; no hidden states), and every tensor of the call is disposed (tidy + explicit
 * disposal of the three outputs), so repeated calls do not leak.
 */
export function graphModelRunner(model: GraphModel, labels: readonly string[], maxLength: number): ModelRunner {
  return {
    maxLength,
    labels,
    async run(ids, mask, batch, seqLen) {
      const [labelIds, scores, probs] = tf.tidy(() => {
        const logits = model.execute(
          { [INPUT_IDS]: tf.tensor2d(ids, [batch, seqLen], 'int32'), [ATTENTION_MASK]: tf.tensor2d(mask, [batch, seqLen], 'int32') },
          LOGITS,
        ) as tf.Tensor3D;
        const p = tf.softmax(logits);
        return [tf.argMax(logits, -1), tf.max(p, -1), p];
      });
      try {
        const [l, s, p] = await Promise.all([labelIds.data(), scores.data(), probs.data()]);
        return { labelIds: l as Int32Array, scores: s as Float32Array, probs: p as Float32Array };
      } finally {
        labelIds.dispose();
        scores.dispose();
        probs.dispose();
      }
    },
  };
}

/** Runs the model once on a short input so shaders compile and memory is set up before real work. */
export async function warmUp(runner: ModelRunner, clsId: number, sepId: number): Promise<void> {
  await runner.run(new Int32Array([clsId, sepId]), new Int32Array([1, 1]), 1, 2);
}
