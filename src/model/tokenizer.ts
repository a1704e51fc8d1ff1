import { AutoTokenizer, env } from '@xenova/transformers';
import type { WordPieceModel } from '../ner/tokenize.ts';

/** What we use of @xenova/transformers' WordPiece model object. */
interface XenovaWordPiece {
  encode(tokens: string[]): string[];
  convert_tokens_to_ids(tokens: string[]): number[];
  tokens_to_ids: Map<string, number>;
  unk_token: string;
}

/**
 * Loads a model folder's tokenizer with @xenova/transformers from local files only (never a hub) and
 * adapts its WordPiece model for tokenizeWithOffsets.
 * `localModelPath` is a URL path in the browser (`/models/`) or a directory in Node.
 */
export async function loadWordPiece(modelId: string, localModelPath: string): Promise<WordPieceModel> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = localModelPath.endsWith('/') ? localModelPath : localModelPath + '/';
  env.useBrowserCache = false; // the service worker caches model files
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const model = (tokenizer as unknown as { model: XenovaWordPiece }).model;
  const normalizer = (tokenizer as unknown as { normalizer?: { config?: { lowercase?: boolean } } }).normalizer;
  const id = (t: string) => {
    const v = model.tokens_to_ids.get(t);
    if (v === undefined) throw new Error(`tokenizer of ${modelId} has no ${t} token`);
    return v;
  };
  return {
    pieces: (word) => model.encode([word]),
    ids: (pieces) => model.convert_tokens_to_ids(pieces),
    unkToken: model.unk_token,
    clsId: id('[CLS]'),
    sepId: id('[SEP]'),
    padId: id('[PAD]'),
    lowercase: normalizer?.config?.lowercase === true,
  };
}
