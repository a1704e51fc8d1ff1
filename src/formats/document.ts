/**
 * A document as the import/export formats see it, defined once for the app, the CLI and the formats.
 *
 * `text` is the whole document; `passages` say how it splits into title / abstract / other parts (each
 * passage's `offset` is its position in `text`, the PubTator and BioC convention of offsets into the
 * document). `gold` holds annotations that came with an imported file; `spans` the model's.
 */
import type { EntitySpan } from '../ner/span.ts';

export interface Passage {
  /** 'title', 'abstract', 'paragraph', ... (BioC infon "type"; PubTator's t / a). */
  type: string;
  offset: number;
  length: number;
}

/** An annotation from an imported file: its type as written there, and ours where it maps to one. */
export interface GoldMention {
  start: number;
  end: number;
  text: string;
  /** Type name as in the file (e.g. "SimpleChemical"). */
  sourceType: string;
  /** Our type (Chemical, Disease, Gene), or null when the file's type has no counterpart. */
  type: string | null;
  /** Concept identifier where the file gives one (MeSH, NCBI Gene, ...). */
  conceptId?: string;
  /** Confidence, where the file carries one (this app's own exports do). */
  score?: number;
  /** The mention as the file wrote it, where that is not the text at its offsets (an error in the file). */
  written?: string;
}

export interface CorpusDocument {
  /** PMID or another identifier (a file name for plain text). */
  id: string;
  text: string;
  passages: Passage[];
  gold?: GoldMention[];
  spans?: EntitySpan[];
}

/** Passages of a plain text: a first line followed by a single line break is a title, the rest the abstract. */
export function plainPassages(text: string): Passage[] {
  const m = /\r\n|\n|\r/.exec(text);
  if (!m || m.index === 0 || m[0].length !== 1 || m.index + 1 >= text.length) return [{ type: 'title', offset: 0, length: text.length }];
  return [
    { type: 'title', offset: 0, length: m.index },
    { type: 'abstract', offset: m.index + 1, length: text.length - m.index - 1 },
  ];
}

/** Whether the passages still describe `text` (they do not after the user edits it). */
export function passagesFit(text: string, passages: readonly Passage[]): boolean {
  let end = 0;
  for (const p of passages) {
    if (p.offset < end || p.length < 0) return false;
    end = p.offset + p.length;
  }
  return end <= text.length;
}

/**
 * Lays passages out at their offsets in one text, gaps filled with line breaks (spaces if a gap is wider than
 * one character). Passages that overlap or go backwards are placed after the previous one instead, and the
 * returned shift per passage moves their annotations along.
 */
export function joinPassages(parts: { type: string; offset: number; text: string }[]): { text: string; passages: Passage[]; shifts: number[] } {
  let text = '';
  const passages: Passage[] = [];
  const shifts: number[] = [];
  for (const p of parts) {
    const offset = Math.max(p.offset, text.length);
    if (offset > text.length) text += '\n' + ' '.repeat(offset - text.length - 1);
    shifts.push(offset - p.offset);
    passages.push({ type: p.type, offset, length: p.text.length });
    text += p.text;
  }
  return { text, passages, shifts };
}

export class FormatError extends Error {
  override name = 'FormatError';
}
