import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConversionError } from './errors.ts';
import { readSafetensors, type FloatTensor } from './safetensors.ts';

/** The BERT hyper-parameters the graph needs, read from config.json. */
export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  labels: string[];
}

export interface Checkpoint {
  config: BertConfig;
  vocab: string[];
  lowercase: boolean;
  /** Tensors by their name without the `bert.` prefix (`embeddings.word_embeddings.weight`, `classifier.weight`, ...). */
  tensors: Map<string, FloatTensor>;
}

function positiveInt(cfg: Record<string, unknown>, field: string, fallback?: number): number {
  const v = cfg[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ConversionError(`config.json: "${field}" must be a positive integer (got ${JSON.stringify(v)})`);
  }
  return v;
}

export function parseConfig(cfg: Record<string, unknown>): BertConfig {
  const archs = cfg.architectures as string[] | undefined;
  if (cfg.model_type !== undefined && cfg.model_type !== 'bert') {
    throw new ConversionError(`config.json: unsupported model_type "${String(cfg.model_type)}" (only BERT checkpoints convert)`);
  }
  if (archs && !archs.includes('BertForTokenClassification')) {
    throw new ConversionError(`config.json: unsupported architecture ${JSON.stringify(archs)} (need BertForTokenClassification)`);
  }
  const act = cfg.hidden_act ?? 'gelu';
  if (act !== 'gelu') throw new ConversionError(`config.json: unsupported hidden_act "${String(act)}" (only exact "gelu")`);
  if (cfg.position_embedding_type !== undefined && cfg.position_embedding_type !== 'absolute') {
    throw new ConversionError(`config.json: unsupported position_embedding_type "${String(cfg.position_embedding_type)}"`);
  }
  const id2label = cfg.id2label as Record<string, string> | undefined;
  if (!id2label || typeof id2label !== 'object' || Object.keys(id2label).length === 0) {
    throw new ConversionError('config.json: "id2label" is missing; the labels of a token-classification checkpoint are needed');
  }
  const labels: string[] = [];
  for (let i = 0; i < Object.keys(id2label).length; i++) {
    const l = id2label[String(i)];
    if (typeof l !== 'string') throw new ConversionError(`config.json: "id2label" has no label for id ${i}`);
    labels.push(l);
  }
  const hiddenSize = positiveInt(cfg, 'hidden_size');
  const numHeads = positiveInt(cfg, 'num_attention_heads');
  if (hiddenSize % numHeads !== 0) {
    throw new ConversionError(`config.json: hidden_size ${hiddenSize} is not divisible by num_attention_heads ${numHeads}`);
  }
  const eps = cfg.layer_norm_eps ?? 1e-12;
  if (typeof eps !== 'number' || !(eps > 0)) throw new ConversionError('config.json: "layer_norm_eps" must be a positive number');
  return {
    vocabSize: positiveInt(cfg, 'vocab_size'),
    hiddenSize,
    numLayers: positiveInt(cfg, 'num_hidden_layers'),
    numHeads,
    intermediateSize: positiveInt(cfg, 'intermediate_size'),
    maxPositions: positiveInt(cfg, 'max_position_embeddings', 512),
    typeVocabSize: positiveInt(cfg, 'type_vocab_size', 2),
    layerNormEps: eps,
    labels,
  };
}

/** Every tensor the graph needs and its shape, by name without the `bert.` prefix. */
export function expectedTensors(c: BertConfig): Map<string, number[]> {
  const H = c.hiddenSize;
  const m = new Map<string, number[]>([
    ['embeddings.word_embeddings.weight', [c.vocabSize, H]],
    ['embeddings.position_embeddings.weight', [c.maxPositions, H]],
    ['embeddings.token_type_embeddings.weight', [c.typeVocabSize, H]],
    ['embeddings.LayerNorm.weight', [H]],
    ['embeddings.LayerNorm.bias', [H]],
  ]);
  for (let i = 0; i < c.numLayers; i++) {
    const p = `encoder.layer.${i}.`;
    for (const n of ['query', 'key', 'value']) {
      m.set(`${p}attention.self.${n}.weight`, [H, H]);
      m.set(`${p}attention.self.${n}.bias`, [H]);
    }
    m.set(`${p}attention.output.dense.weight`, [H, H]);
    m.set(`${p}attention.output.dense.bias`, [H]);
    m.set(`${p}attention.output.LayerNorm.weight`, [H]);
    m.set(`${p}attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}intermediate.dense.weight`, [c.intermediateSize, H]);
    m.set(`${p}intermediate.dense.bias`, [c.intermediateSize]);
    m.set(`${p}output.dense.weight`, [H, c.intermediateSize]);
    m.set(`${p}output.dense.bias`, [H]);
    m.set(`${p}output.LayerNorm.weight`, [H]);
    m.set(`${p}output.LayerNorm.bias`, [H]);
  }
  m.set('classifier.weight', [c.labels.length, H]);
  m.set('classifier.bias', [c.labels.length]);
  return m;
}

/** Old TF-converted checkpoints call LayerNorm parameters gamma/beta. */
function canonicalName(name: string): string {
  return name.replace(/^bert\./, '').replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
}

/** Reads and validates a Hugging Face BERT token-classification checkpoint folder. */
export function readCheckpoint(dir: string): Checkpoint {
  const need = (f: string) => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new ConversionError(`${f} is missing from ${dir}`);
    return p;
  };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(need('config.json'), 'utf8'));
  } catch (e) {
    if (e instanceof ConversionError) throw e;
    throw new ConversionError(`config.json: not valid JSON (${(e as Error).message})`);
  }
  const config = parseConfig(raw);
  const vocab = readFileSync(need('vocab.txt'), 'utf8').split('\n');
  if (vocab.at(-1) === '') vocab.pop();
  for (const special of ['[PAD]', '[UNK]', '[CLS]', '[SEP]']) {
    if (!vocab.includes(special)) throw new ConversionError(`vocab.txt: special token ${special} is missing`);
  }
  if (vocab.length > config.vocabSize) {
    throw new ConversionError(`vocab.txt has ${vocab.length} tokens but config.json vocab_size is ${config.vocabSize}`);
  }
  let lowercase = false;
  const tokCfgPath = join(dir, 'tokenizer_config.json');
  if (existsSync(tokCfgPath)) {
    try {
      lowercase = JSON.parse(readFileSync(tokCfgPath, 'utf8')).do_lower_case === true;
    } catch {
      throw new ConversionError('tokenizer_config.json: not valid JSON');
    }
  }
  const all = readSafetensors(new Uint8Array(readFileSync(need('model.safetensors'))));
  const tensors = new Map<string, FloatTensor>();
  for (const [name, t] of all) tensors.set(canonicalName(name), t);
  for (const [name, shape] of expectedTensors(config)) {
    const t = tensors.get(name);
    if (!t) throw new ConversionError(`model.safetensors: tensor "${name}" is missing`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ConversionError(`model.safetensors: tensor "${name}" has shape [${t.shape}], expected [${shape}]`);
    }
  }
  return { config, vocab, lowercase, tensors };
}
