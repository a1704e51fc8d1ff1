/**
 * PubTator format: per document a `PMID|t|title` line, a `PMID|a|abstract` line, then one tab-separated line
 * per mention (`PMID start end mention type [concept id]`, offsets into title + one separator + abstract,
 * end exclusive), relation lines (`PMID relation id1 id2`, ignored here), and a blank line between documents.
 */
import type { EntitySpan } from '../ner/span.ts';
import { FormatError, passagesFit, type CorpusDocument, type GoldMention } from './document.ts';
import { mapType } from './types.ts';

export interface ParseResult {
  documents: CorpusDocument[];
  /** Lines that were skipped or repaired, with their line numbers. */
  warnings: string[];
}

const TITLE = /^([^|\t]*)\|t\|(.*)$/;
const ABSTRACT = /^([^|\t]*)\|a\|(.*)$/;

export function looksLikePubTator(text: string): boolean {
  const first = text.split(/\r?\n/, 20).find((l) => l.trim());
  return !!first && TITLE.test(first);
}

export function parsePubTator(input: string): ParseResult {
  const documents: CorpusDocument[] = [];
  const warnings: string[] = [];
  let cur: { id: string; title: string; abstract: string | null; gold: GoldMention[] } | null = null;
  const finish = () => {
    if (!cur) return;
    const text = cur.abstract === null || cur.abstract === '' ? cur.title : `${cur.title}\n${cur.abstract}`;
    const passages = [{ type: 'title', offset: 0, length: cur.title.length }];
    if (text.length > cur.title.length) passages.push({ type: 'abstract', offset: cur.title.length + 1, length: cur.abstract!.length });
    const gold = cur.gold.filter((g) => {
      if (g.end <= text.length) return true;
      warnings.push(`${cur!.id}: mention "${g.text}" at ${g.start}–${g.end} lies past the end of the text (${text.length} characters); skipped`);
      return false;
    }).map((g) => {
      const at = text.slice(g.start, g.end);
      // A tab or line break in a mention is written as a space; anything else that differs is the file's error.
      return at === g.text || at.replace(/\s/g, ' ') === g.text ? { ...g, text: at } : { ...g, text: at, written: g.text };
    });
    documents.push({ id: cur.id, text, passages, gold });
    cur = null;
  };
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.trim()) return;
    let m: RegExpExecArray | null;
    if ((m = TITLE.exec(line))) {
      finish();
      cur = { id: m[1], title: m[2], abstract: null, gold: [] };
      return;
    }
    if ((m = ABSTRACT.exec(line))) {
      if (!cur || cur.id !== m[1] || cur.abstract !== null) {
        warnings.push(`line ${n}: abstract of ${m[1]} without its title line; skipped`);
        return;
      }
      cur.abstract = m[2];
      return;
    }
    const cols = line.split('\t');
    if (!cur || cols[0] !== cur.id) {
      warnings.push(`line ${n}: not part of a document (expected "${cur?.id ?? 'PMID'}|t|…" before it); skipped`);
      return;
    }
    if (cols.length >= 4 && !/^\d+$/.test(cols[1])) return; // a relation line (PMID, type, id1, id2)
    const start = Number(cols[1]);
    const end = Number(cols[2]);
    if (cols.length < 5 || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
      warnings.push(`line ${n}: not a mention line (PMID, start, end, text, type[, id]); skipped`);
      return;
    }
    const sourceType = cols[4];
    cur.gold.push({ start, end, text: cols[3], sourceType, type: mapType(sourceType), ...(cols[5] ? { conceptId: cols[5] } : {}) });
  });
  finish();
  if (!documents.length) throw new FormatError('no PubTator document found (expected a line like "12345|t|Title")');
  return { documents, warnings };
}

/** One line of PubTator can hold no line break or tab: each becomes a space, so offsets do not move. */
const oneLine = (s: string) => s.replace(/[\r\n\t]/g, ' ');
const safeId = (id: string) => id.replace(/[|\t\r\n]/g, '_') || 'document';

/**
 * Title and abstract as PubTator lays them out: title, one separator character, abstract. A document without a
 * title passage of its own (a pasted text) has its first line as the title, whatever the line break (CRLF or a
 * blank line too: the break's first character is the separator, the rest stays in the abstract as spaces, so
 * every offset holds); a text of one line is all title.
 */
export function titleAndAbstract(doc: Pick<CorpusDocument, 'text' | 'passages'>): { title: string; abstract: string } {
  const first = doc.passages[0];
  let titleLen = passagesFit(doc.text, doc.passages) && first && first.offset === 0 && doc.passages.length > 1 ? first.length : doc.text.length;
  if (titleLen === doc.text.length) {
    const m = /\r\n|\n|\r/.exec(doc.text);
    if (m && m.index > 0 && doc.text.slice(m.index).trim()) titleLen = m.index;
  }
  return { title: doc.text.slice(0, titleLen), abstract: doc.text.slice(titleLen + 1) };
}

/** Mentions written for a document: the model's spans (or, with `gold`, the imported annotations). */
export function serializePubTator(docs: readonly CorpusDocument[], which: 'spans' | 'gold' = 'spans'): string {
  return docs.map((doc) => {
    const id = safeId(doc.id);
    const { title, abstract } = titleAndAbstract(doc);
    const lines = [`${id}|t|${oneLine(title)}`, `${id}|a|${oneLine(abstract)}`];
    const mentions: (EntitySpan | GoldMention)[] = (which === 'gold' ? doc.gold : doc.spans) ?? [];
    for (const s of mentions) {
      const type = 'sourceType' in s ? s.sourceType : s.type;
      // The concept column: an imported id as it was, or the linker's ids (composite mentions: joined by |).
      const concept = 'conceptId' in s ? s.conceptId ?? '' : 'link' in s && s.link ? s.link.ids.join('|') : '';
      lines.push([id, s.start, s.end, oneLine(doc.text.slice(s.start, s.end)), type, concept].join('\t'));
    }
    return lines.join('\n') + '\n';
  }).join('\n');
}
