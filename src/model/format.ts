import { DICTIONARY_STATES } from '../ner/dictionary-features.ts';

/**
 * The browser model format, defined once for the app, the worker, the converter and the tools.
 *
 * A model lives in `public/models/<id>/` and is one of two kinds, told apart by `model.json`'s `format`:
 * - `bert`: a tfjs graph model (`model.json` + weight shards) and the WordPiece tokenizer (`tokenizer.json`,
 *   `tokenizer_config.json`);
 * - `tagger`: the character-aware BiLSTM-CRF (`model.json` with a weights manifest and TaggerMetadata,
 *   weight shards, `vocab.json` with its words and characters); the app runs it with tfjs ops and decodes
 *   the CRF in `src/ner`.
 * Both have `labels.json`, `files.json` (bytes and sha256 of every other file) and `MODEL_CARD.md`.
 * `public/models/index.json` lists them.
 */

import type * as tf from '@tensorflow/tfjs-core';

export const MODEL_FILES = {
  graph: 'model.json',
  labels: 'labels.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  manifest: 'files.json',
  card: 'MODEL_CARD.md',
  /** Tagger kind only: TaggerVocabFile. */
  vocab: 'vocab.json',
} as const;

export type ModelKind = 'bert' | 'tagger';
/** `model.json` `format` of each kind (`graph-model` is what tfjs's loader expects of a graph model). */
export const MODEL_JSON_FORMAT: Record<ModelKind, string> = { bert: 'graph-model', tagger: 'bioner-crf-tagger' };

export function modelKindOf(format: string | undefined): ModelKind {
  if (format === MODEL_JSON_FORMAT.tagger) return 'tagger';
  if (format === MODEL_JSON_FORMAT.bert || format === undefined) return 'bert';
  throw new Error(`unknown model format ${JSON.stringify(format)}`);
}

/** Graph input and output names (also the signature keys in model.json). */
export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
/** Optional: defaults to zeros (single segment) when not fed. */
export const TOKEN_TYPE_IDS = 'token_type_ids';
export const LOGITS = 'logits';

export const MAX_SHARD_BYTES = 4 * 1024 * 1024;

export type Quantization = 'uint8' | 'float16' | 'none';
export const QUANTIZATIONS: readonly Quantization[] = ['uint8', 'float16', 'none'];

/** `labels.json`: label names indexed by class id, IOB2 (`O`, `B-Gene`, `I-Gene`, ...). */
export interface LabelsFile {
  labels: string[];
}

/** Stored as `userDefinedMetadata` in model.json. */
export interface ModelMetadata {
  /** Longest sequence the position embeddings allow, [CLS] and [SEP] included. */
  maxLength: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  vocabSize: number;
  parameters: number;
  quantization: Quantization;
  lowercase: boolean;
  source: string;
}

/**
 * Stored as `userDefinedMetadata` in a tagger's model.json. The weights (taggerWeightNames) are in its
 * manifest: `word` [words, wordDim], `char` [chars, charDim], `charFilter` [charWidth, charDim, charFilters],
 * `charBias`, `casing` [casings, casingDim]; then the encoder's:
 * - `bilstm`: the two directions as one: `lstmInput` [input, 8·hidden], `lstmBias` [8·hidden] (input and
 *   recurrent biases summed), columns gate by gate (input, forget, output, cell), each gate's block the forward
 *   units then the backward ones; `lstmRecurrent` [2, hidden, 4·hidden]: each direction's own recurrent matrix
 *   (forward, then backward; columns gate by gate over that direction's units), never one block-diagonal
 *   matrix, whose zeros uint8 cannot store exactly; `out` [2·hidden, labels] (forward units' rows, then
 *   backward), `outBias`;
 * - `idcnn`: `convIn` [3, input, hidden] and `convInBias`, `conv0`… [3, hidden, hidden] with `conv0Bias`…
 *   (dilations[k]; the block runs `iterations` times), `out` [hidden, labels], `outBias`.
 */
export interface TaggerMetadata {
  kind: 'tagger';
  encoder: 'bilstm' | 'idcnn';
  wordDim: number;
  charDim: number;
  charFilters: number;
  charWidth: number;
  casingDim: number;
  /** LSTM units each way, or ID-CNN filters. */
  hidden: number;
  /** ID-CNN only. */
  dilations?: number[];
  iterations?: number;
  /** Longer words keep their first and last halves for the character CNN. */
  maxWordChars: number;
  /** Casing classes in embedding order (must equal src/ner/tagger-features.ts CASINGS). */
  casings: string[];
  /** The CRF's scores (TaggerCrf). */
  crf: TaggerCrf;
  /**
   * BiLSTM only, optional: other corpora's annotation conventions, each an offset [8·hidden] (lstmBias's
   * layout) that, added to `lstmBias`, makes the network tag in that corpus's convention (its style input,
   * training/train_multi.py --own-convention). The app never applies one; `npm run eval` scores BC2GM with
   * `styles.BC2GM` where there is one (tagger-style.ts).
   */
  styles?: Record<string, number[]>;
  /**
   * Optional: a style's own output layer and CRF (training/fit_style_head.py), which replace `out`, `outBias`
   * and `crf` when that style is applied; every name here is also in `styles`.
   */
  styleHeads?: Record<string, TaggerStyleHead>;
  /**
   * Optional: dictionary features (src/ner/dictionary-features.ts) from `file` in the model folder, whose
   * hash tables are `types` in this order. The casing embedding then has a row per (casing class, pattern):
   * row = casing index · 3^types + pattern, and `casingDim` counts the dictionary's dimensions with the
   * casing's (the trainer's factorised embeddings, multiplied out at export).
   */
  dictionary?: { file: string; types: string[] };
  /**
   * Optional: 'NCBI' where the tagger marks a gene as its name alone ("SRD5A2", training/train_multi.py); a
   * tagger without it learnt genes in BC2GM's convention ("SRD5A2 gene"). `npm run eval` scores BC2GM in
   * BC2GM's convention, so it extends an NCBI tagger's genes (unless the tagger has a BC2GM style) and no other's.
   */
  geneConvention?: 'NCBI';
  parameters: number;
  quantization: Quantization;
  source: string;
}

/** CRF scores, exact (not quantized): transitions[from][to], start, end. Invalid IOB2 moves are -1e4. */
export interface TaggerCrf {
  transitions: number[][];
  start: number[];
  end: number[];
}

/** A style's output layer: `out` [2·hidden][labels] (as the `out` weight), `outBias` [labels], its CRF. */
export interface TaggerStyleHead {
  out: number[][];
  outBias: number[];
  crf: TaggerCrf;
}

/** Types of the dictionary feature, in pattern order (tools/build-dictionary.ts writes them so). */
export const DICTIONARY_TYPES = ['Chemical', 'Disease', 'Gene', 'Species'];
export const DICTIONARY_FILE = 'dictionary.bin';

/** Rows of the casing embedding: one per casing class, times the dictionary's patterns where it has one. */
export function casingRows(meta: Pick<TaggerMetadata, 'casings' | 'dictionary'>): number {
  return meta.casings.length * (meta.dictionary ? DICTIONARY_STATES.length ** meta.dictionary.types.length : 1);
}

/** The weight names a tagger of this encoder has, in manifest order. */
export function taggerWeightNames(meta: Pick<TaggerMetadata, 'encoder' | 'dilations'>): string[] {
  const features = ['word', 'char', 'charFilter', 'charBias', 'casing'];
  if (meta.encoder === 'bilstm') return [...features, 'lstmInput', 'lstmBias', 'lstmRecurrent', 'out', 'outBias'];
  return [...features, 'convIn', 'convInBias', ...(meta.dilations ?? []).flatMap((_, k) => [`conv${k}`, `conv${k}Bias`]), 'out', 'outBias'];
}

/** `vocab.json` of a tagger: embedding keys (index = word id; 0 padding, 1 unknown) and characters likewise. */
export interface TaggerVocabFile {
  words: string[];
  chars: string[];
}

/** `files.json`: what every file of the model folder must be, for integrity checks at load. */
export interface FileManifest {
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface ModelIndexEntry {
  id: string;
  kind: ModelKind;
  name: string;
  description: string;
  /** Entity types the model tags (labels without the B-/I- prefix). */
  types: string[];
  quantization: Quantization;
  /** Total bytes of the model folder's files that are downloaded to run it. */
  bytes: number;
}

export interface ModelIndex {
  default: string;
  models: ModelIndexEntry[];
}

/** Entity types named by a label list, in first-seen order. */
export function entityTypes(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of labels) {
    const t = l.replace(/^[BIES]-/, '');
    if (l !== 'O' && !out.includes(t)) out.push(t);
  }
  return out;
}

/** tfjs model artifacts from a parsed `model.json` and its concatenated weight shards. */
export function modelArtifacts(json: { weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] } & tf.io.ModelJSON, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData,
  };
}
