import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { ATTENTION_MASK, INPUT_IDS, LOGITS } from './format.ts';
import type { ModelRunner } from '../ner/pipeline.ts';

/**
 * A ModelRunner over a loaded tfjs graph model. Softmax, max and argmax run on the backend; only the
 * two small [batch, seq] results are read back, and every tensor of the call is disposed (tidy + explicit
 * disposal of the two outputs), so repeated calls do not leak.
 */
export function graphModelRunner(model: GraphModel, labels: readonly string[], maxLength: number): ModelRunner {
  return {
    maxLength,
    labels,
    async run(ids, mask, batch, seqLen) {
      const [labelIds, scores] = tf.tidy(() => {
        const logits = model.execute(
          { [INPUT_IDS]: tf.tensor2d(ids, [batch, seqLen], 'int32'), [ATTENTION_MASK]: tf.tensor2d(mask, [batch, seqLen], 'int32') },
          LOGITS,
        ) as tf.Tensor3D;
        return [tf.argMax(logits, -1), tf.max(tf.softmax(logits), -1)];
      });
      try {
        const [l, s] = await Promise.all([labelIds.data(), scores.data()]);
        return { labelIds: l as Int32Array, scores: s as Float32Array };
      } finally {
        labelIds.dispose();
        scores.dispose();
      }
    },
  };
}

/** Runs the model once on a short input so shaders compile and memory is set up before real work. */
export async function warmUp(runner: ModelRunner, clsId: number, sepId: number): Promise<void> {
  await runner.run(new Int32Array([clsId, sepId]), new Int32Array([1, 1]), 1, 2);
}
