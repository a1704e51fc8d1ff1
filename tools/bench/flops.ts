/** Arithmetic per token of a BERT token classifier, for reading measured speed against the hardware's peak. */
import type { ModelMetadata } from '../../src/model/format.ts';

/**
 * FLOPs (multiply and add counted as 2) per token for a window of `seqLen` tokens: per layer the Q, K, V and
 * output projections (4h²), the feed-forward pair (2·h·ffn), and attention scores plus weighted sum
 * (2·seqLen·h); then the classifier. Embedding look-ups, layer norms and softmax are left out (small).
 */
export function flopsPerToken(meta: Pick<ModelMetadata, 'hiddenSize' | 'numLayers'>, intermediate: number, seqLen: number, labels: number): number {
  const h = meta.hiddenSize;
  const perLayer = 4 * h * h + 2 * h * intermediate + 2 * seqLen * h;
  return 2 * (meta.numLayers * perLayer + h * labels);
}
