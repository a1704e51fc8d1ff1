/**
 * The browser model format, defined once for the app, the worker, the converter and the tools.
 *
 * A model lives in `public/models/<id>/`: a tfjs graph model (`model.json` + weight shards), the
 * WordPiece tokenizer (`tokenizer.json`, `tokenizer_config.json`), `labels.json`, `files.json`
 * (bytes and sha256 of every other file) and `MODEL_CARD.md`. `public/models/index.json` lists them.
 */

export const MODEL_FILES = {
  graph: 'model.json',
  labels: 'labels.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  manifest: 'files.json',
  card: 'MODEL_CARD.md',
} as const;

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

/** `files.json`: what every file of the model folder must be, for integrity checks at load. */
export interface FileManifest {
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface ModelIndexEntry {
  id: string;
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
