import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ATTENTION_MASK, INPUT_IDS, LOGITS, MODEL_FILES, TOKEN_TYPE_IDS,
  type FileManifest, type LabelsFile, type ModelMetadata, type Quantization,
} from '../../src/model/format.ts';
import { readCheckpoint, type Checkpoint } from './checkpoint.ts';
import { buildBertGraph } from './graph.ts';
import { encodeWeights, shard } from './weights.ts';
import { tokenizerConfigJson, tokenizerJson } from './tokenizer-files.ts';

export interface ConvertOptions {
  quantization: Quantization;
  /** Where the checkpoint came from, for the model card. */
  source?: string;
  /** Markdown appended to the generated model card (scores, training data, limitations). */
  cardExtra?: string;
}

export interface ConvertResult {
  outDir: string;
  parameters: number;
  files: FileManifest['files'];
  /** Bytes the browser downloads (everything but the model card). */
  downloadBytes: number;
}

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function countParameters(ckpt: Checkpoint): number {
  let n = 0;
  for (const t of ckpt.tensors.values()) n += t.data.length;
  return n;
}

function modelCard(ckpt: Checkpoint, meta: ModelMetadata, files: FileManifest['files'], extra?: string): string {
  const c = ckpt.config;
  return [
    `# Model card`,
    ``,
    `Source checkpoint: ${meta.source}`,
    ``,
    `## Configuration`,
    `BERT (BioBERT architecture) for token classification: ${c.numLayers} layers, hidden size ${c.hiddenSize}, ` +
      `${c.numHeads} heads, intermediate size ${c.intermediateSize}, vocabulary ${c.vocabSize.toLocaleString('en-US')} ` +
      `(${ckpt.lowercase ? 'uncased' : 'cased'} WordPiece), at most ${c.maxPositions} tokens per window.`,
    `Parameters: ${meta.parameters.toLocaleString('en-US')}. Weights: ${meta.quantization === 'none' ? 'float32' : meta.quantization + ' (dequantized at load)'}.`,
    `Labels (${c.labels.length}): ${c.labels.join(', ')}.`,
    ``,
    ...cardScoresAndFiles(files, extra),
  ].join('\n');
}

/** The end of every model card: the measured part (or a note that there is none) and the file table. */
export function cardScoresAndFiles(files: FileManifest['files'], extra?: string): string[] {
  return [...(extra ? [extra.trim(), ``] : [`## Scores`, `None measured yet.`, ``]), ...cardFiles(files)];
}

/** The model card's last section: every downloaded file with its bytes and sha256. */
export function cardFiles(files: FileManifest['files']): string[] {
  const rows = Object.entries(files).map(([f, { bytes, sha256: h }]) => `| ${f} | ${bytes.toLocaleString('en-US')} | \`${h}\` |`);
  return [
    `## Files`,
    `sha256 of every file the app downloads (also in \`${MODEL_FILES.manifest}\`, which the app checks at load):`,
    ``,
    `| file | bytes | sha256 |`,
    `| --- | ---: | --- |`,
    ...rows,
    ``,
  ];
}

/**
 * Rewrites some files of a converted model folder in place: files.json drops the entries `dropped` names and
 * takes each written file's bytes and sha256, and the card's file table follows; the card above it (its measured
 * part) is kept, as `editCard` leaves it.
 */
export function rewriteModelFiles(dir: string, contents: Iterable<[string, Uint8Array | string]>, dropped: (name: string) => boolean = () => false,
  editCard: (head: string) => string = (head) => head): FileManifest['files'] {
  const manifest = JSON.parse(readFileSync(join(dir, MODEL_FILES.manifest), 'utf8')) as FileManifest;
  for (const name of Object.keys(manifest.files)) if (dropped(name)) delete manifest.files[name];
  for (const [name, body] of contents) {
    writeFileSync(join(dir, name), body);
    manifest.files[name] = { bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length, sha256: sha256(body) };
  }
  writeFileSync(join(dir, MODEL_FILES.manifest), JSON.stringify(manifest, null, 2));
  const card = readFileSync(join(dir, MODEL_FILES.card), 'utf8');
  const at = card.indexOf('## Files');
  writeFileSync(join(dir, MODEL_FILES.card), editCard(at >= 0 ? card.slice(0, at) : card) + cardFiles(manifest.files).join('\n'));
  return manifest.files;
}

/** Writes all model files into a fresh folder; on any error nothing is left behind. */
function writeModel(ckpt: Checkpoint, dir: string, opts: ConvertOptions): ConvertResult {
  const c = ckpt.config;
  const graph = buildBertGraph(ckpt);
  const { specs, data } = encodeWeights(graph.weights, opts.quantization);
  const shards = shard(data);
  const meta: ModelMetadata = {
    maxLength: c.maxPositions,
    hiddenSize: c.hiddenSize,
    numLayers: c.numLayers,
    numHeads: c.numHeads,
    vocabSize: c.vocabSize,
    parameters: countParameters(ckpt),
    quantization: opts.quantization,
    lowercase: ckpt.lowercase,
    source: opts.source ?? 'unspecified',
  };
  const tensorInfo = (dtype: string, rank: number) => ({ dtype, tensorShape: { dim: Array.from({ length: rank }, () => ({ size: '-1' })) } });
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'bioner-web tools/convert',
    convertedBy: 'bioner-web tools/convert',
    modelTopology: { node: graph.nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: shards.map((s) => s.name), weights: specs }],
    signature: {
      inputs: Object.fromEntries([INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS].map((n) => [n, { name: `${n}:0`, ...tensorInfo('DT_INT32', 2) }])),
      outputs: { [LOGITS]: { name: `${LOGITS}:0`, ...tensorInfo('DT_FLOAT', 3) } },
    },
    userDefinedMetadata: meta,
  };
  const labels: LabelsFile = { labels: c.labels };
  const contents = new Map<string, Uint8Array | string>([
    [MODEL_FILES.graph, JSON.stringify(modelJson)],
    ...shards.map((s) => [s.name, s.bytes] as [string, Uint8Array]),
    [MODEL_FILES.tokenizer, JSON.stringify(tokenizerJson(ckpt.vocab, ckpt.lowercase, c.maxPositions))],
    [MODEL_FILES.tokenizerConfig, JSON.stringify(tokenizerConfigJson(ckpt.lowercase, c.maxPositions), null, 2)],
    [MODEL_FILES.labels, JSON.stringify(labels, null, 2)],
  ]);
  const { files, downloadBytes } = writeModelFiles(dir, contents, (f) => modelCard(ckpt, meta, f, opts.cardExtra));
  return { outDir: dir, parameters: meta.parameters, files, downloadBytes };
}

/** Writes the downloaded files, `files.json` (their bytes and sha256) and the model card made from it. */
export function writeModelFiles(dir: string, contents: Map<string, Uint8Array | string>, card: (files: FileManifest['files']) => string): { files: FileManifest['files']; downloadBytes: number } {
  const files: FileManifest['files'] = {};
  for (const [name, body] of contents) {
    writeFileSync(join(dir, name), body);
    files[name] = { bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length, sha256: sha256(body) };
  }
  const manifest: FileManifest = { files };
  writeFileSync(join(dir, MODEL_FILES.manifest), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, MODEL_FILES.card), card(files));
  return { files, downloadBytes: Object.values(files).reduce((n, f) => n + f.bytes, 0) };
}

export function convertCheckpoint(checkpointDir: string, outDir: string, opts: ConvertOptions): ConvertResult {
  const ckpt = readCheckpoint(checkpointDir);
  return writeFolderAtomically(outDir, (tmp) => writeModel(ckpt, tmp, { source: checkpointDir, ...opts }));
}

/** Builds a model folder in a temporary sibling and moves it into place only when all of it was written. */
export function writeFolderAtomically(outDir: string, write: (dir: string) => ConvertResult): ConvertResult {
  const target = resolve(outDir);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const result = write(tmp);
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return { ...result, outDir: target };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
