import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedTensors, parseConfig } from '../convert/checkpoint.ts';
import { writeSafetensors, type FloatTensor } from '../convert/safetensors.ts';

export interface RandomCheckpointOptions {
  hidden?: number;
  layers?: number;
  heads?: number;
  intermediate?: number;
  maxPositions?: number;
  labels?: string[];
  vocab?: string[];
  seed?: number;
}

/** Deterministic PRNG (mulberry32) so fixtures are the same in every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const TINY_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and', 'in', 'a', 'with', 'was', 'is', '.', ',', '(', ')', '-',
  'as', 'tam', '##oxi', '##fen', 'BRCA', '##1', 'breast', 'cancer', 'patients', 'treated', 'induced', 'toxicity',
  'p', '##53', 'muta', '##tion', 'cis', '##plat', '##in', 'kidney', 'injury', 'α', 'β', 'μ', '##g', 'mg', '/', 'kg',
];

export function configJson(o: RandomCheckpointOptions = {}): Record<string, unknown> {
  const labels = o.labels ?? ['O', 'B-Chemical', 'I-Chemical', 'B-Disease', 'I-Disease', 'B-Gene', 'I-Gene'];
  const hidden = o.hidden ?? 32;
  return {
    architectures: ['BertForTokenClassification'],
    model_type: 'bert',
    hidden_act: 'gelu',
    vocab_size: (o.vocab ?? TINY_VOCAB).length,
    hidden_size: hidden,
    num_hidden_layers: o.layers ?? 2,
    num_attention_heads: o.heads ?? 4,
    intermediate_size: o.intermediate ?? hidden * 4,
    max_position_embeddings: o.maxPositions ?? 64,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
  };
}

/** Random tensors of every shape the config needs; std 0.5 so logits differ clearly between labels. */
export function randomTensors(config: Record<string, unknown>, seed = 1): Record<string, FloatTensor> {
  const rand = prng(seed);
  const out: Record<string, FloatTensor> = {};
  for (const [name, shape] of expectedTensors(parseConfig(config))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const isNormGain = name.endsWith('LayerNorm.weight');
    for (let i = 0; i < n; i++) data[i] = isNormGain ? 1 + (rand() - 0.5) * 0.2 : (rand() - 0.5) * (shape.length === 1 ? 0.2 : 1.0);
    out[`bert.${name}`.replace('bert.classifier', 'classifier')] = { shape, data };
  }
  return out;
}

/** Writes a Hugging Face layout checkpoint folder (config.json, model.safetensors, vocab.txt). */
export function writeRandomCheckpoint(dir: string, o: RandomCheckpointOptions = {}): { config: Record<string, unknown>; tensors: Record<string, FloatTensor> } {
  mkdirSync(dir, { recursive: true });
  const config = configJson(o);
  const tensors = randomTensors(config, o.seed ?? 1);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'vocab.txt'), (o.vocab ?? TINY_VOCAB).join('\n') + '\n');
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors));
  return { config, tensors };
}
