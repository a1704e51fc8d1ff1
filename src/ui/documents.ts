import type { EntitySpan } from '../ner/span.ts';
import { passagesFit, plainPassages, type CorpusDocument, type GoldMention, type Passage } from '../formats/document.ts';

export type DocStatus = 'new' | 'queued' | 'tagging' | 'done' | 'error' | 'cancelled';

export interface Doc {
  id: string;
  name: string;
  text: string;
  /** Spans for `text` as it was tagged; null when untagged or edited since. */
  spans: EntitySpan[] | null;
  /** Whether `spans` went through the linker (false when tagged before the lexicon was loaded). */
  linked?: boolean;
  status: DocStatus;
  /** 0..1 while tagging. */
  progress: number;
  error?: string;
  /** PMID or other id from an imported file (exports use it; else the name). */
  sourceId?: string;
  /** Title / abstract layout from an imported file. */
  passages?: Passage[];
  /** Annotations that came with an imported file; dropped when the text is edited (their offsets no longer hold). */
  gold?: GoldMention[];
}

export type DocAction =
  | { type: 'add'; docs: Doc[] }
  | { type: 'replace-all'; docs: Doc[] }
  | { type: 'edit'; id: string; text: string }
  | { type: 'rename'; id: string; name: string }
  | { type: 'remove'; id: string }
  | { type: 'queue'; ids: string[] }
  | { type: 'start'; id: string }
  | { type: 'progress'; id: string; progress: number }
  | { type: 'done'; id: string; spans: EntitySpan[]; linked: boolean }
  /** Linked spans for a document tagged before the lexicon was in; dropped if its text changed meanwhile. */
  | { type: 'linked'; id: string; text: string; spans: EntitySpan[] }
  | { type: 'failed'; id: string; error: string }
  | { type: 'cancel-all' };

/** The name of a document made in the app (New, or the first one), until the user names it. */
export const UNTITLED = 'Untitled';

/** Characters of a first line shown as a document's name. */
const NAME_CHARS = 60;

/**
 * What the document list calls a document: its name, or for one still untitled the first line of its text
 * (as its PubTator export takes that line as the title), shortened; "Untitled" while it is empty.
 */
export function displayName(d: Pick<Doc, 'name' | 'text'>): string {
  if (d.name !== UNTITLED) return d.name;
  const line = d.text.split(/\r?\n|\r/).map((l) => l.trim()).find(Boolean);
  if (!line) return UNTITLED;
  const chars = Array.from(line);
  return chars.length > NAME_CHARS ? `${chars.slice(0, NAME_CHARS - 1).join('').trimEnd()}…` : line;
}

let counter = 0;
export function newDoc(name: string, text: string): Doc {
  counter++;
  return { id: `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}`, name, text, spans: null, status: 'new', progress: 0 };
}

export function docsReducer(docs: Doc[], a: DocAction): Doc[] {
  const update = (id: string, f: (d: Doc) => Doc) => docs.map((d) => (d.id === id ? f(d) : d));
  switch (a.type) {
    case 'add':
      return [...docs, ...a.docs];
    case 'replace-all':
      return a.docs;
    case 'edit':
      return update(a.id, (d) => (d.text === a.text ? d : { ...d, text: a.text, spans: null, linked: false, gold: undefined, status: d.status === 'tagging' ? d.status : 'new', error: undefined }));
    case 'rename':
      return update(a.id, (d) => ({ ...d, name: a.name }));
    case 'remove':
      return docs.filter((d) => d.id !== a.id);
    case 'queue':
      return docs.map((d) => (a.ids.includes(d.id) && d.status !== 'tagging' ? { ...d, status: 'queued', progress: 0, error: undefined } : d));
    case 'start':
      return update(a.id, (d) => ({ ...d, status: 'tagging', progress: 0 }));
    case 'progress':
      return update(a.id, (d) => ({ ...d, progress: a.progress }));
    case 'done':
      return update(a.id, (d) => ({ ...d, status: 'done', progress: 1, spans: a.spans, linked: a.linked }));
    case 'linked':
      return update(a.id, (d) => (d.text === a.text && d.spans ? { ...d, spans: a.spans, linked: true } : d));
    case 'failed':
      return update(a.id, (d) => ({ ...d, status: 'error', error: a.error }));
    case 'cancel-all':
      return docs.map((d) => (d.status === 'queued' || d.status === 'tagging' ? { ...d, status: 'cancelled', progress: 0 } : d));
  }
}

/** The document as the export formats take it. */
export function toCorpusDocument(d: Doc): CorpusDocument {
  const passages = d.passages && passagesFit(d.text, d.passages) ? d.passages : plainPassages(d.text);
  return { id: d.sourceId ?? d.name, text: d.text, passages, spans: d.spans ?? [], gold: d.gold };
}
