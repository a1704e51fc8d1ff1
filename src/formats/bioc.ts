/**
 * The BioC data model (collection → documents → passages → annotations with locations), shared by the
 * JSON and XML encodings, and its mapping to and from CorpusDocument. Offsets in BioC are document offsets:
 * a passage's `offset` and each location's `offset` count from the start of the document, in the app's
 * convention of UTF-16 code units.
 */
import type { EntitySpan } from '../ner/span.ts';
import { FormatError, joinPassages, passagesFit, type CorpusDocument, type GoldMention } from './document.ts';
import { qualifiedId } from '../linking/lexicon-files.ts';
import { speciesInfons } from './species-note.ts';
import { mapType } from './types.ts';

export interface BiocLocation { offset: number; length: number }
export interface BiocAnnotation { id: string; infons: Record<string, string>; text: string; locations: BiocLocation[] }
export interface BiocSentence { offset: number; infons: Record<string, string>; text: string; annotations: BiocAnnotation[] }
export interface BiocPassage { offset: number; infons: Record<string, string>; text?: string; sentences?: BiocSentence[]; annotations: BiocAnnotation[] }
export interface BiocDocument { id: string; infons: Record<string, string>; passages: BiocPassage[] }
export interface BiocCollection { source: string; date: string; key: string; infons: Record<string, string>; documents: BiocDocument[] }

const IDENTIFIER_KEYS = ['identifier', 'Identifier', 'MESH', 'MeSH', 'NCBI Gene', 'NCBIGene'];

/** CorpusDocuments of a BioC collection, with warnings for annotations that could not be placed. */
export function fromBioc(c: BiocCollection): { documents: CorpusDocument[]; warnings: string[] } {
  const warnings: string[] = [];
  if (!c.documents.length) throw new FormatError('the BioC collection has no documents');
  const documents = c.documents.map((d) => {
    const parts: { type: string; offset: number; text: string; annotations: BiocAnnotation[] }[] = [];
    for (const p of d.passages) {
      const type = p.infons.type ?? 'paragraph';
      if (p.text !== undefined) parts.push({ type, offset: p.offset, text: p.text, annotations: p.annotations });
      else for (const s of p.sentences ?? []) parts.push({ type, offset: s.offset, text: s.text, annotations: [...s.annotations] });
      if (p.text === undefined && p.annotations.length && parts.length) parts[parts.length - 1].annotations.push(...p.annotations);
    }
    const { text, passages, shifts } = joinPassages(parts);
    const gold: GoldMention[] = [];
    parts.forEach((part, k) => {
      for (const a of part.annotations) {
        if (!a.locations.length) continue;
        const start = Math.min(...a.locations.map((l) => l.offset)) + shifts[k];
        const end = Math.max(...a.locations.map((l) => l.offset + l.length)) + shifts[k];
        if (a.locations.length > 1) warnings.push(`${d.id}: annotation ${a.id} has ${a.locations.length} locations; scored as one span ${start}–${end}`);
        if (start < 0 || end > text.length || end <= start) {
          warnings.push(`${d.id}: annotation ${a.id} ("${a.text}") at ${start}–${end} is outside the text; skipped`);
          continue;
        }
        const sourceType = a.infons.type ?? '';
        const conceptId = IDENTIFIER_KEYS.map((k2) => a.infons[k2]).find(Boolean);
        const score = a.infons.score !== undefined ? Number(a.infons.score) : undefined;
        gold.push({
          start, end, text: text.slice(start, end), sourceType, type: mapType(sourceType),
          ...(conceptId ? { conceptId } : {}), ...(score !== undefined && Number.isFinite(score) ? { score } : {}),
        });
      }
    });
    gold.sort((a, b) => a.start - b.start || a.end - b.end);
    return { id: d.id, text, passages, gold };
  });
  return { documents, warnings };
}

/** A BioC collection of documents with the model's spans (or the imported gold) as annotations. */
export function toBioc(docs: readonly CorpusDocument[], which: 'spans' | 'gold' = 'spans', date = new Date(), collectionInfons: Record<string, string> = {}): BiocCollection {
  let n = 0;
  return {
    source: 'BioNER (in-browser biomedical NER)',
    date: date.toISOString().slice(0, 10).replace(/-/g, ''),
    key: 'BioC.key',
    infons: collectionInfons,
    documents: docs.map((d) => {
      const passages = passagesFit(d.text, d.passages) && d.passages.length ? d.passages : [{ type: 'paragraph', offset: 0, length: d.text.length }];
      const mentions: (EntitySpan | GoldMention)[] = (which === 'gold' ? d.gold : d.spans) ?? [];
      return {
        id: d.id,
        infons: {},
        passages: passages.map((p, i) => {
          const end = p.offset + p.length;
          // A mention belongs to the passage it starts in; one in a gap goes with the passage before it.
          const next = passages[i + 1]?.offset ?? Infinity;
          const mine = mentions.filter((s) => (s.start >= p.offset || i === 0) && s.start < next);
          return {
            offset: p.offset,
            infons: { type: p.type },
            text: d.text.slice(p.offset, end),
            annotations: mine.map((s) => {
              const infons: Record<string, string> = { type: 'sourceType' in s ? s.sourceType : s.type };
              if (s.score !== undefined) infons.score = String(s.score);
              if ('conceptId' in s && s.conceptId) infons.identifier = s.conceptId;
              if ('link' in s && s.link) {
                infons.identifier = s.link.ids.map((id) => qualifiedId(id, s.type)).join('|');
                // A gene's species, and how it was chosen (PubTator's BioC names it the same way).
                if (s.link.species) Object.assign(infons, speciesInfons(s.link.species));
              }
              return { id: String(++n), infons, text: d.text.slice(s.start, s.end), locations: [{ offset: s.start, length: s.end - s.start }] };
            }),
          };
        }),
      };
    }),
  };
}

