import * as tf from '@tensorflow/tfjs-core';
import { modelKindOf, type ModelKind, type ModelMetadata, type TaggerMetadata, type TaggerVocabFile } from './format.ts';
import { graphModelRunner, warmUp } from './runner.ts';
import { checkTaggerWeights, taggerRunner, warmUpTagger } from './tagger-runner.ts';
import type { TaggerEngine } from './backend-names.ts';
import { kernelRunner, kernelRunsTagger, warmUpKernel } from './kernel/bilstm-kernel.ts';
import type { CompiledKernel } from './kernel/load-kernel.ts';
import { tagTexts, type ModelRunner, type TagOptions, type TagTimings } from '../ner/pipeline.ts';
import { applyDocumentRules, DEFAULT_DOCUMENT_RULES } from '../ner/document-rules.ts';
import { withVariants } from '../ner/variant-spans.ts';
import { withChromosomeSyndromes } from '../ner/chromosome-syndromes.ts';
import { withIonsAsChemicals } from '../ner/ions.ts';
import type { EntitySpan } from '../ner/span.ts';
import { TaggerVocab, CASINGS } from '../ner/tagger-features.ts';
import { Dictionary } from '../ner/dictionary-features.ts';
import { tagWithTagger, type EmissionRunner } from '../ner/tagger-pipeline.ts';
import type { WordPieceModel } from '../ner/tokenize.ts';

/** A loaded model of either kind, as the worker and the Node tools use it: texts in, spans out. */
export interface TextTagger {
  kind: ModelKind;
  /** What runs the network, and for the kernel which build and precision (e.g. `kernel (relaxed-simd, int16)`). */
  engine: TaggerEngine;
  engineDetail: string;
  /** The kernel only: bytes of its WebAssembly memory. */
  kernelBytes?(): number;
  labels: readonly string[];
  tag(texts: readonly string[], opts?: TagOptions, timings?: TagTimings): Promise<EntitySpan[][]>;
  /** BERT only: the raw runner (diagnostics that feed token ids). */
  bertRunner?: ModelRunner;
  dispose(): void;
}

/** Wraps each model call (e.g. to watch for GPU device loss); identity by default. */
export type CallWrapper = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A) => Promise<R>;

export interface ModelAssets {
  artifacts: tf.io.ModelArtifacts;
  labels: string[];
  /** BERT: the WordPiece tokenizer. */
  wordpiece?: WordPieceModel;
  /** Tagger: its vocabularies. */
  vocab?: TaggerVocabFile;
  /** Tagger with dictionary features: the bytes of its dictionary file (format.ts `dictionary`). */
  dictionary?: Uint8Array;
}

/** A tagger's vocabularies, and its dictionary where the model has dictionary features. */
export function taggerVocab(assets: ModelAssets, meta: TaggerMetadata): TaggerVocab {
  if (!assets.vocab) throw new Error('the tagger model has no vocabulary');
  if (meta.dictionary && !assets.dictionary) throw new Error('the tagger model has no dictionary file');
  const dictionary = meta.dictionary ? Dictionary.fromBytes(assets.dictionary!, meta.dictionary.types) : undefined;
  return new TaggerVocab(assets.vocab.words, assets.vocab.chars, meta.maxWordChars, dictionary);
}

/** Applies the whole-text rules to what a model found, each text on its own. */
function withDocumentRules(tag: TextTagger['tag']): TextTagger['tag'] {
  return async (texts, opts, timings) => {
    const spans = await tag(texts, opts, timings);
    const rules = opts?.documentRules ?? DEFAULT_DOCUMENT_RULES;
    return spans.map((s, i) => {
      const ruled = applyDocumentRules(texts[i], s, rules);
      return opts?.variants === false ? ruled : withIonsAsChemicals(withChromosomeSyndromes(texts[i], withVariants(texts[i], ruled)));
    });
  };
}

/**
 * Builds the model and runs it once (compiles kernels and proves the backend works before any user text goes
 * through it). A BiLSTM tagger runs on `kernel` (the WebAssembly SIMD kernel) when one is given, and on tfjs
 * ops on the current backend otherwise; BERT always on tfjs.
 */
export async function buildTextTagger(assets: ModelAssets, wrap: CallWrapper = (f) => f, kernel?: CompiledKernel | null): Promise<TextTagger> {
  const { artifacts, labels } = assets;
  if (modelKindOf(artifacts.format) === 'tagger') {
    const meta = artifacts.userDefinedMetadata as unknown as TaggerMetadata;
    if (JSON.stringify(meta.casings) !== JSON.stringify(CASINGS)) throw new Error('the tagger model uses other casing classes than this app');
    const vocab = taggerVocab(assets, meta);
    const tagger = (runner: EmissionRunner, engine: TaggerEngine, engineDetail: string, dispose: () => void, kernelBytes?: () => number): TextTagger => ({
      kind: 'tagger', engine, engineDetail, labels, dispose, kernelBytes,
      tag: withDocumentRules((texts, opts, timings) => tagWithTagger(texts, vocab, runner, opts, timings)),
    });
    if (kernel && kernelRunsTagger(meta)) {
      const plain = await kernelRunner(kernel.module, kernel.variant, artifacts.weightData as ArrayBuffer, artifacts.weightSpecs!, meta, labels);
      const runner: EmissionRunner = { ...plain, emissions: wrap(plain.emissions) };
      await warmUpKernel(runner);
      return tagger(runner, 'kernel', `kernel (${kernel.variant}, ${plain.precision})`, () => undefined, plain.memoryBytes);
    }
    const named = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs!);
    const weights = checkTaggerWeights(named, meta, labels.length);
    const plain = taggerRunner(weights, meta, labels);
    const runner: EmissionRunner = { ...plain, emissions: wrap(plain.emissions) };
    const dispose = () => {
      plain.dispose?.();
      Object.values(weights).forEach((t) => t.dispose());
    };
    try {
      await warmUpTagger(runner);
    } catch (e) {
      dispose();
      throw e;
    }
    return tagger(runner, 'tfjs', 'tfjs', dispose);
  }
  if (!assets.wordpiece) throw new Error('the BERT model has no tokenizer');
  const wordpiece = assets.wordpiece;
  // tfjs's graph-model loader only for a BERT model (a chunk of its own in the app).
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
  const model = await loadGraphModel(tf.io.fromMemory(artifacts));
  const meta = model.metadata as ModelMetadata;
  const plain = graphModelRunner(model, labels, meta.maxLength);
  const runner: ModelRunner = { ...plain, run: wrap(plain.run) };
  try {
    await warmUp(runner, wordpiece.clsId, wordpiece.sepId);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return {
    kind: 'bert', engine: 'tfjs', engineDetail: 'tfjs', labels, bertRunner: runner,
    tag: withDocumentRules((texts, opts, timings) => tagTexts(texts, wordpiece, runner, opts, timings)),
    dispose: () => model.dispose(),
  };
}
