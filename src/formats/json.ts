/**
 * The app's own JSON: documents with their text, passages and the model's spans (type, start, end, text, score;
 * UTF-16 offsets into `text`, end exclusive; `link` with the database ids where the linker found one).
 */
import type { EntitySpan } from '../ner/span.ts';
import { FormatError, type CorpusDocument } from './document.ts';
import { mapType } from './types.ts';

export const JSON_FORMAT_ID = 'bioner-spans/1';

/** `minScore`: the confidence threshold the spans were kept at, when there was one. */
export function serializeJson(docs: readonly CorpusDocument[], minScore?: number): string {
  return JSON.stringify({
    format: JSON_FORMAT_ID,
    ...(minScore ? { minScore } : {}),
    documents: docs.map((d) => ({ id: d.id, text: d.text, passages: d.passages, spans: (d.spans ?? []).map(({ type, start, end, text, score, link }) => ({ type, start, end, text, score, ...(link ? { link } : {}) })) })),
  }, null, 1);
}

export function looksLikeSpansJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === JSON_FORMAT_ID;
}

/** Reads a file written by serializeJson; its spans come back as annotations of the document. */
export function parseSpansJson(value: unknown): { documents: CorpusDocument[]; warnings: string[] } {
  const docs = (value as { documents?: unknown }).documents;
  if (!Array.isArray(docs)) throw new FormatError('no "documents" array');
  const warnings: string[] = [];
  const documents = docs.map((d, i): CorpusDocument => {
    if (typeof d !== 'object' || d === null || typeof d.text !== 'string') throw new FormatError(`document ${i + 1} has no "text"`);
    const text: string = d.text;
    const spans: EntitySpan[] = Array.isArray(d.spans) ? d.spans : [];
    const gold = spans.filter((s) => {
      const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= text.length;
      if (!ok) warnings.push(`document ${d.id ?? i + 1}: span ${JSON.stringify(s)} is outside the text; skipped`);
      return ok;
    }).map((s) => ({
      start: s.start, end: s.end, text: text.slice(s.start, s.end), sourceType: String(s.type), type: mapType(String(s.type)),
      ...(typeof s.score === 'number' ? { score: s.score } : {}),
      ...(Array.isArray(s.link?.ids) && s.link.ids.length ? { conceptId: s.link.ids.map(String).join('|') } : {}),
    }));
    const passages = Array.isArray(d.passages) && d.passages.length ? d.passages : [{ type: 'paragraph', offset: 0, length: text.length }];
    return { id: String(d.id ?? `document-${i + 1}`), text, passages, gold };
  });
  return { documents, warnings };
}
