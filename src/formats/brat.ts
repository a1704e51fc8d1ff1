/**
 * brat standoff: the document text as `<id>.txt` and its mentions as `<id>.ann` lines `T1<TAB>Type start end<TAB>text`.
 * A mention that spans a line break is written as fragments (`start end;start end`), as brat requires.
 */
import type { CorpusDocument } from './document.ts';

export interface BratFiles {
  txt: string;
  ann: string;
}

export function serializeBrat(doc: CorpusDocument): BratFiles {
  const lines = (doc.spans ?? []).map((s, i) => {
    const fragments: [number, number][] = [];
    let from = s.start;
    const re = /\r\n|\n|\r/g;
    const piece = doc.text.slice(s.start, s.end);
    let m: RegExpExecArray | null;
    while ((m = re.exec(piece))) {
      if (s.start + m.index > from) fragments.push([from, s.start + m.index]);
      from = s.start + m.index + m[0].length;
    }
    if (s.end > from) fragments.push([from, s.end]);
    const type = s.type.replace(/\s+/g, '_');
    const shown = fragments.map(([a, b]) => doc.text.slice(a, b)).join(' ');
    return `T${i + 1}\t${type} ${fragments.map(([a, b]) => `${a} ${b}`).join(';')}\t${shown}`;
  });
  return { txt: doc.text, ann: lines.length ? lines.join('\n') + '\n' : '' };
}

/** Reads a .txt/.ann pair back (text-bound annotations only): spans keyed by their type as written. */
export function parseBratAnn(text: string, ann: string): { type: string; start: number; end: number }[] {
  const out: { type: string; start: number; end: number }[] = [];
  for (const line of ann.split(/\r?\n/)) {
    const m = /^T\d+\t(\S+) ([\d ;]+)\t/.exec(line);
    if (!m) continue;
    const frags = m[2].split(';').map((f) => f.trim().split(' ').map(Number));
    const start = Math.min(...frags.map((f) => f[0]));
    const end = Math.max(...frags.map((f) => f[1]));
    if (end <= text.length) out.push({ type: m[1], start, end });
  }
  return out;
}
