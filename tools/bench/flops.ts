/** Arithmetic per token of a BERT token classifier, for reading measured speed against the hardware's peak. */
import type { ModelMetadata, TaggerMetadata } from '../../src/model/format.ts';

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

/**
 * FLOPs per word of the CRF tagger: the character CNN over (at most) maxWordChars characters, both LSTM
 * directions (input and recurrent projections), and the emission layer. The CRF runs in JavaScript (small).
 */
export function taggerFlopsPerWord(meta: Pick<TaggerMetadata, 'charDim' | 'charWidth' | 'charFilters' | 'maxWordChars' | 'wordDim' | 'casingDim' | 'hidden'>, labels: number, charsPerWord = 8): number {
  const chars = Math.min(meta.maxWordChars, charsPerWord);
  const cnn = chars * meta.charDim * meta.charWidth * meta.charFilters;
  const input = meta.wordDim + meta.charFilters + meta.casingDim;
  const lstm = 2 * (input + meta.hidden) * 4 * meta.hidden;
  return 2 * (cnn + lstm + 2 * meta.hidden * labels);
}
