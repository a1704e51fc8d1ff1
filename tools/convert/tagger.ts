import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  casingRows, DICTIONARY_FILE, MODEL_FILES, MODEL_JSON_FORMAT, taggerWeightNames,
  type FileManifest, type LabelsFile, type Quantization, type TaggerMetadata, type TaggerVocabFile,
} from '../../src/model/format.ts';
import { CASINGS } from '../../src/ner/tagger-features.ts';
import { Dictionary } from '../../src/ner/dictionary-features.ts';
import { cardScoresAndFiles, writeFolderAtomically, writeModelFiles, type ConvertOptions, type ConvertResult } from './convert.ts';
import { ConversionError } from './errors.ts';
import type { GraphWeight } from './graph.ts';
import { readSafetensors, type FloatTensor } from './safetensors.ts';
import { encodeWeights, shard } from './weights.ts';

/** What training/train_tagger.py writes beside `tagger.safetensors`. */
interface TaggerExport {
  labels: string[];
  casings: string[];
  maxWordChars: number;
  word_dim: number;
  char_dim: number;
  char_filters: number;
  char_width: number;
  casing_dim: number;
  hidden: number;
  encoder?: 'bilstm' | 'idcnn';
  dilations?: number[];
  iterations?: number;
  words: string[];
  chars: string[];
  epoch?: number;
  devel?: Record<string, number>;
  /** Conventions whose style offsets `style.<name>.bias_ih_l0(_reverse)` the export holds. */
  styleOffsets?: string[];
  /** Dictionary features (train_multi.py --dictionary): `dictionary.bin` beside the weights holds these types. */
  dictionary?: { types: string[] };
  /** train_multi.py: genes marked NCBI's way (TaggerMetadata.geneConvention). */
  geneConvention?: 'NCBI';
}

/** [rows, cols] -> [cols, rows] */
function transpose(t: FloatTensor): FloatTensor {
  const [r, c] = t.shape;
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j];
  return { shape: [c, r], data: out };
}

function add(a: FloatTensor, b: FloatTensor): FloatTensor {
  return { shape: a.shape, data: a.data.map((v, i) => v + b.data[i]) };
}

/** Conv1d weight [out, in, width] -> tfjs conv1d filter [width, in, out]. */
function convFilter(t: FloatTensor): FloatTensor {
  const [o, i, k] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let c = 0; c < k; c++) out[(c * i + b) * o + a] = t.data[(a * i + b) * k + c];
  return { shape: [k, i, o], data: out };
}

function rows(t: FloatTensor): number[][] {
  const [r, c] = t.shape;
  return Array.from({ length: r }, (_, i) => Array.from(t.data.subarray(i * c, (i + 1) * c)));
}

/**
 * The input side of both LSTM directions as one: columns gate by gate (input, forget, output, cell), each
 * gate's block holding the forward then the backward units, so one matMul of every word serves both.
 * `f`, `b` are per direction [rows, 4H] (or [4H]) in PyTorch's gate order (input, forget, cell, output).
 */
function interleaveDirections(f: FloatTensor, b: FloatTensor): FloatTensor {
  const rowsIn = f.data.length / f.shape[f.shape.length - 1];
  const h = f.shape[f.shape.length - 1] / 4;
  const order = [0, 1, 3, 2]; // our gate k comes from PyTorch's gate order[k]
  const out = new Float32Array(rowsIn * 8 * h);
  for (const [d, t] of [[0, f], [1, b]] as const) {
    for (let r = 0; r < rowsIn; r++) {
      order.forEach((src, k) => out.set(t.data.subarray(r * 4 * h + src * h, r * 4 * h + (src + 1) * h), r * 8 * h + k * 2 * h + d * h));
    }
  }
  return { shape: f.shape.length === 1 ? [8 * h] : [rowsIn, 8 * h], data: out };
}

/**
 * Each direction's recurrent matrix on its own, [2, H, 4H]: direction, its units' rows, columns gate by gate
 * (input, forget, output, cell) over its units. Kept apart, not as one block-diagonal matrix, so that its
 * zeros are never stored: uint8 has no exact zero, and the block-diagonal's off-diagonal "zeros" decoded to
 * −5.94e-4, leaking each direction into the other. `f`, `b`: [H, 4H] in PyTorch's gate order.
 */
function recurrentByDirection(f: FloatTensor, b: FloatTensor): FloatTensor {
  const h = f.shape[1] / 4;
  const order = [0, 1, 3, 2]; // our gate k comes from PyTorch's gate order[k]
  const out = new Float32Array(2 * h * 4 * h);
  [f, b].forEach((t, d) => {
    for (let r = 0; r < h; r++) {
      order.forEach((src, k) => out.set(t.data.subarray(r * 4 * h + src * h, r * 4 * h + (src + 1) * h), (d * h + r) * 4 * h + k * h));
    }
  });
  return { shape: [2, h, 4 * h], data: out };
}

export function taggerWeights(t: Map<string, FloatTensor>, info: Pick<TaggerExport, 'encoder' | 'dilations'>): Record<string, FloatTensor> {
  const get = (name: string) => {
    const v = t.get(name);
    if (!v) throw new ConversionError(`tagger.safetensors has no ${name}`);
    return v;
  };
  const features = {
    word: get('word.weight'),
    char: get('char.weight'),
    charFilter: convFilter(get('char_cnn.weight')),
    charBias: get('char_cnn.bias'),
    casing: get('casing.weight'),
  };
  if (info.encoder === 'idcnn') {
    const convs: Record<string, FloatTensor> = {};
    (info.dilations ?? []).forEach((_, k) => {
      convs[`conv${k}`] = convFilter(get(`convs.${k}.weight`));
      convs[`conv${k}Bias`] = get(`convs.${k}.bias`);
    });
    return { ...features, convIn: convFilter(get('conv_in.weight')), convInBias: get('conv_in.bias'), ...convs, out: transpose(get('out.weight')), outBias: get('out.bias') };
  }
  const both = (name: string, map: (x: FloatTensor) => FloatTensor = (x) => x) =>
    interleaveDirections(map(get(`lstm.${name}_l0`)), map(get(`lstm.${name}_l0_reverse`)));
  return {
    ...features,
    lstmInput: both('weight_ih', transpose),
    lstmBias: add(both('bias_ih'), both('bias_hh')),
    lstmRecurrent: recurrentByDirection(transpose(get('lstm.weight_hh_l0')), transpose(get('lstm.weight_hh_l0_reverse'))),
    out: transpose(get('out.weight')),
    outBias: get('out.bias'),
  };
}

/** Each named style's bias offset in lstmBias's layout (TaggerMetadata.styles). */
function styleOffsets(t: Map<string, FloatTensor>, names: string[]): Record<string, number[]> | undefined {
  if (!names.length) return undefined;
  const get = (name: string) => {
    const v = t.get(name);
    if (!v) throw new ConversionError(`tagger.json lists a style offset that tagger.safetensors lacks: ${name}`);
    return v;
  };
  return Object.fromEntries(names.map((n) => [n, Array.from(interleaveDirections(get(`style.${n}.bias_ih_l0`), get(`style.${n}.bias_ih_l0_reverse`)).data)]));
}

function taggerCard(meta: TaggerMetadata, info: TaggerExport, labels: string[], files: FileManifest['files'], extra?: string): string {
  return [
    `# Model card`,
    ``,
    `Source: ${meta.source}${info.epoch ? ` (epoch ${info.epoch})` : ''}`,
    ``,
    `## Configuration`,
    `Character-aware ${meta.encoder === 'idcnn' ? 'ID-CNN' : 'BiLSTM'}-CRF tagger: word embeddings (${meta.wordDim}-d, ${info.words.length.toLocaleString('en-US')} words), ` +
      `a character CNN (${meta.charDim}-d characters, ${meta.charFilters} filters of width ${meta.charWidth}, ${info.chars.length} characters), ` +
      (meta.dictionary
        ? `a casing and dictionary embedding (${meta.casingDim}-d: dictionary features of ${meta.dictionary.types.join(', ')} names, ${meta.dictionary.file}), `
        : `a casing embedding (${meta.casingDim}-d), `) +
      (meta.encoder === 'idcnn'
        ? `an iterated dilated CNN (a width-3 convolution to ${meta.hidden} filters, then dilations ${meta.dilations!.join(', ')} applied ${meta.iterations} times with shared weights)`
        : `one BiLSTM layer of ${meta.hidden} units each way`) + `, a linear-chain CRF.`,
    `Parameters: ${meta.parameters.toLocaleString('en-US')}. Weights: ${meta.quantization === 'none' ? 'float32' : `${meta.quantization} matrices (dequantized at load), float32 biases and CRF scores`}.`,
    `Labels (${labels.length}): ${labels.join(', ')}.`,
    ``,
    ...cardScoresAndFiles(files, extra),
  ].join('\n');
}

function writeTagger(exportDir: string, dir: string, opts: ConvertOptions): ConvertResult {
  const info = JSON.parse(readFileSync(join(exportDir, 'tagger.json'), 'utf8')) as TaggerExport;
  if (JSON.stringify(info.casings) !== JSON.stringify(CASINGS)) {
    throw new ConversionError(`tagger.json casings ${info.casings} differ from the app's ${CASINGS.join(',')}`);
  }
  const tensors = readSafetensors(readFileSync(join(exportDir, 'tagger.safetensors')), 'tagger.safetensors');
  const w = taggerWeights(tensors, info);
  const parameters = Object.values(w).reduce((n, t) => n + t.data.length, 0);
  const meta: TaggerMetadata = {
    kind: 'tagger',
    encoder: info.encoder ?? 'bilstm',
    ...(info.encoder === 'idcnn' ? { dilations: info.dilations, iterations: info.iterations } : {}),
    wordDim: info.word_dim, charDim: info.char_dim, charFilters: info.char_filters, charWidth: info.char_width,
    casingDim: info.casing_dim, hidden: info.hidden, maxWordChars: info.maxWordChars, casings: info.casings,
    crf: {
      transitions: rows(tensors.get('crf.transitions')!),
      start: Array.from(tensors.get('crf.start_scores')!.data),
      end: Array.from(tensors.get('crf.end')!.data),
    },
    ...(info.styleOffsets?.length ? { styles: styleOffsets(tensors, info.styleOffsets) } : {}),
    ...(info.dictionary ? { dictionary: { file: DICTIONARY_FILE, types: info.dictionary.types } } : {}),
    ...(info.geneConvention ? { geneConvention: info.geneConvention } : {}),
    parameters,
    quantization: opts.quantization,
    source: opts.source ?? 'unspecified',
  };
  const graphWeights: GraphWeight[] = taggerWeightNames(meta).map((name) => ({ name, shape: w[name].shape, dtype: 'float32', data: w[name].data }));
  const { specs, data } = encodeWeights(graphWeights, opts.quantization, (name) => w[name].shape.length === 1);
  const shards = shard(data);
  const modelJson = {
    format: MODEL_JSON_FORMAT.tagger,
    generatedBy: 'bioner-web training/train_tagger.py',
    convertedBy: 'bioner-web tools/convert',
    weightsManifest: [{ paths: shards.map((s) => s.name), weights: specs }],
    userDefinedMetadata: meta,
  };
  const vocab: TaggerVocabFile = { words: info.words, chars: info.chars };
  const labels: LabelsFile = { labels: info.labels };
  const contents = new Map<string, Uint8Array | string>([
    [MODEL_FILES.graph, JSON.stringify(modelJson)],
    ...shards.map((s) => [s.name, s.bytes] as [string, Uint8Array]),
    [MODEL_FILES.vocab, JSON.stringify(vocab)],
    [MODEL_FILES.labels, JSON.stringify(labels, null, 2)],
  ]);
  if (info.dictionary) {
    const bytes = new Uint8Array(readFileSync(join(exportDir, DICTIONARY_FILE)));
    Dictionary.fromBytes(bytes, info.dictionary.types); // refuses a file of other types
    const rows = casingRows(meta);
    if (w.casing.shape[0] !== rows) throw new ConversionError(`the casing embedding has ${w.casing.shape[0]} rows, the dictionary needs ${rows}`);
    contents.set(DICTIONARY_FILE, bytes);
  }
  const { files, downloadBytes } = writeModelFiles(dir, contents, (f) => taggerCard(meta, info, info.labels, f, opts.cardExtra));
  return { outDir: dir, parameters, files, downloadBytes };
}

export function isTaggerExport(dir: string): boolean {
  return existsSync(join(dir, 'tagger.json')) && existsSync(join(dir, 'tagger.safetensors'));
}

/** Turns training/train_tagger.py's export (`tagger.json`, `tagger.safetensors`) into a browser model folder. */
export function convertTagger(exportDir: string, outDir: string, opts: ConvertOptions & { quantization: Quantization }): ConvertResult {
  return writeFolderAtomically(outDir, (tmp) => writeTagger(exportDir, tmp, { source: exportDir, ...opts }));
}
