/**
 * BioC JSON (the encoding of the BioC data model that NCBI's tools and PubTator use): a collection object with
 * `documents`, each with `passages` carrying `offset`, `infons`, `text` and `annotations` with `locations`.
 * Also accepted on import: an array of collections, and PubTator3's `{ "PubTator3": [documents] }`.
 */
import { fromBioc, toBioc, type BiocAnnotation, type BiocCollection, type BiocDocument, type BiocPassage } from './bioc.ts';
import { FormatError, type CorpusDocument } from './document.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const infons = (v: unknown): Record<string, string> => (isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x)])) : {});
const num = (v: unknown, what: string): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new FormatError(`${what} is not a non-negative integer offset: ${JSON.stringify(v)}`);
  return n;
};

function annotation(a: unknown, where: string): BiocAnnotation {
  if (!isObj(a)) throw new FormatError(`${where}: an annotation is not an object`);
  const locs = Array.isArray(a.locations) ? a.locations : [];
  return {
    id: str(a.id), infons: infons(a.infons), text: str(a.text),
    locations: locs.map((l, i) => {
      if (!isObj(l)) throw new FormatError(`${where}: location ${i} is not an object`);
      return { offset: num(l.offset, `${where}: location offset`), length: num(l.length, `${where}: location length`) };
    }),
  };
}

function passage(p: unknown, where: string): BiocPassage {
  if (!isObj(p)) throw new FormatError(`${where}: a passage is not an object`);
  const anns = Array.isArray(p.annotations) ? p.annotations.map((a) => annotation(a, where)) : [];
  const out: BiocPassage = { offset: num(p.offset ?? 0, `${where}: passage offset`), infons: infons(p.infons), annotations: anns };
  if (typeof p.text === 'string') out.text = p.text;
  else if (Array.isArray(p.sentences)) {
    out.sentences = p.sentences.map((s) => {
      if (!isObj(s)) throw new FormatError(`${where}: a sentence is not an object`);
      return { offset: num(s.offset ?? 0, `${where}: sentence offset`), infons: infons(s.infons), text: str(s.text), annotations: Array.isArray(s.annotations) ? s.annotations.map((a) => annotation(a, where)) : [] };
    });
  } else out.text = '';
  return out;
}

function documentOf(d: unknown, i: number): BiocDocument {
  if (!isObj(d)) throw new FormatError(`document ${i + 1} is not an object`);
  const id = str(d.id ?? d._id ?? d.pmid) || `document-${i + 1}`;
  if (!Array.isArray(d.passages)) throw new FormatError(`document ${id} has no "passages" array`);
  return { id, infons: infons(d.infons), passages: d.passages.map((p) => passage(p, `document ${id}`)) };
}

export function looksLikeBiocJson(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return isObj(first) && (Array.isArray(first.documents) || Array.isArray(first.PubTator3) || Array.isArray(first.passages));
}

export function parseBiocJson(input: string): { documents: CorpusDocument[]; warnings: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FormatError(`not valid JSON: ${(e as Error).message}`);
  }
  const collections = Array.isArray(value) ? value : [value];
  const docs: unknown[] = [];
  for (const c of collections) {
    if (isObj(c) && Array.isArray(c.documents)) docs.push(...c.documents);
    else if (isObj(c) && Array.isArray(c.PubTator3)) docs.push(...c.PubTator3);
    else if (isObj(c) && Array.isArray(c.passages)) docs.push(c); // a bare document
    else throw new FormatError('not a BioC JSON collection (expected an object with a "documents" array)');
  }
  const first = collections[0] as Json;
  return fromBioc({ source: str(first.source), date: str(first.date), key: str(first.key), infons: infons(first.infons), documents: docs.map(documentOf) });
}

export function serializeBiocJson(docs: readonly CorpusDocument[], which: 'spans' | 'gold' = 'spans', date?: Date, infons?: Record<string, string>): string {
  const c: BiocCollection = toBioc(docs, which, date, infons);
  return JSON.stringify({
    ...c,
    documents: c.documents.map((d) => ({
      ...d, relations: [],
      passages: d.passages.map((p) => ({ ...p, sentences: [], relations: [], annotations: p.annotations })),
    })),
  }, null, 1);
}
