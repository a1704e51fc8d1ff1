import { pretokenize, type Word } from './pretokenize.ts';

/** The WordPiece model of a tokenizer: splits one pre-token into piece strings and maps them to ids. */
export interface WordPieceModel {
  /** Piece strings for one word (`##` marks a continuation), or the unknown token alone. */
  pieces(word: string): string[];
  ids(pieces: string[]): number[];
  unkToken: string;
  clsId: number;
  sepId: number;
  padId: number;
  lowercase: boolean;
}

export interface Token {
  id: number;
  /** Offsets of the piece in the original text (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** Index into `TokenizedText.words`. */
  word: number;
  /** First piece of its word: the piece whose prediction labels the word. */
  first: boolean;
}

export interface TokenizedText {
  words: Word[];
  tokens: Token[];
}

/**
 * Word pieces with character offsets. Each piece's span comes from the cumulative lengths of the pieces
 * (in code points of the normalized word, `##` stripped); `[UNK]` covers its whole word.
 */
export function tokenizeWithOffsets(text: string, model: WordPieceModel): TokenizedText {
  const words = pretokenize(text, model.lowercase);
  const tokens: Token[] = [];
  words.forEach((w, wi) => {
    const pieces = model.pieces(w.text);
    const ids = model.ids(pieces);
    if (pieces.length === 1 && pieces[0] === model.unkToken) {
      tokens.push({ id: ids[0], start: w.start, end: w.end, word: wi, first: true });
      return;
    }
    let pos = 0; // index into w.chars (code points)
    pieces.forEach((p, k) => {
      const n = [...(k > 0 && p.startsWith('##') ? p.slice(2) : p)].length;
      const first = w.chars[Math.min(pos, w.chars.length - 1)];
      const last = w.chars[Math.min(pos + n, w.chars.length) - 1];
      tokens.push({ id: ids[k], start: first.start, end: last.end, word: wi, first: k === 0 });
      pos += n;
    });
  });
  return { words, tokens };
}
