/**
 * TSV, one mention per line: document id, start, end, type, text, score, database ids (prefixed, `|` between
 * the ids of a composite mention; empty when unlinked) and the first id's preferred name (a header line first).
 * Tabs and line breaks inside a text are written as \t, \n and \r (backslash as \\), so every line stays one row.
 */
import { qualifiedId } from '../linking/lexicon-files.ts';
import { speciesNote } from './species-note.ts';
import type { CorpusDocument } from './document.ts';

export const TSV_HEADER = ['document', 'start', 'end', 'type', 'text', 'score', 'ids', 'name', 'species'];

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
export const unescapeTsv = (s: string) => s.replace(/\\(\\|t|n|r)/g, (_, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c]!);

export function serializeTsv(docs: readonly CorpusDocument[]): string {
  const rows = [TSV_HEADER.join('\t')];
  for (const d of docs) {
    for (const s of d.spans ?? []) {
      const ids = s.link ? s.link.ids.map((id) => qualifiedId(id, s.type)).join('|') : '';
      rows.push([escape(d.id), s.start, s.end, s.type, escape(d.text.slice(s.start, s.end)), s.score.toFixed(4), ids, escape(s.link?.names[0] ?? ''), s.link?.species ? escape(speciesNote(s.link.species)) : ''].join('\t'));
    }
  }
  return rows.join('\n') + '\n';
}
