/**
 * brat standoff: the document text as `<id>.txt` and its mentions as `<id>.ann` lines `T1<TAB>Type start end<TAB>text`.
 * A mention that spans a line break is written as fragments (`start end;start end`), as brat requires. A linked
 * mention gets a normalization line per id, `N1<TAB>Reference T1 MESH:D003920<TAB>Diabetes Mellitus`.
 * brat (Python) counts offsets in Unicode code points, not the app's UTF-16 code units: after a character outside
 * the BMP (an emoji, a rare CJK character) the two differ, so offsets are converted both ways here.
 */
import { qualifiedId } from '../linking/lexicon-files.ts';
import { speciesNote } from './species-note.ts';
import type { CorpusDocument } from './document.ts';

export interface BratFiles {
  txt: string;
  ann: string;
}

/** The UTF-16 offset where each code point starts, then the text's length; null when no surrogate pair makes them differ. */
function codePointStarts(text: string): number[] | null {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return null;
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    starts.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  starts.push(text.length);
  return starts;
}

/** UTF-16 offset → code-point offset for one text (the identity when it has no surrogate pair). */
export function codePointOffsets(text: string): (utf16: number) => number {
  const starts = codePointStarts(text);
  if (!starts) return (i) => i;
  const cp = new Uint32Array(text.length + 1);
  // A low surrogate's offset falls inside its pair's code point.
  starts.forEach((u, k) => cp.fill(k, u, starts[k + 1] ?? u + 1));
  return (i) => cp[i];
}

/** Code-point offset → UTF-16 offset for one text. */
export function utf16Offsets(text: string): (codePoint: number) => number {
  const starts = codePointStarts(text);
  return starts ? (i) => starts[Math.min(i, starts.length - 1)] : (i) => i;
}

export function serializeBrat(doc: CorpusDocument): BratFiles {
  const cp = codePointOffsets(doc.text);
  const notes: string[] = [];
  const lines = (doc.spans ?? []).map((s, i) => {
    s.link?.ids.forEach((id, k) => notes.push(`N${notes.length + 1}\tReference T${i + 1} ${qualifiedId(id, s.type)}\t${(s.link!.names[k] ?? id).replace(/[\t\r\n]/g, ' ')}`));
    if (s.link?.species) notes.push(`#${notes.length + 1}\tAnnotatorNotes T${i + 1}\t${speciesNote(s.link.species)}`);
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
    return `T${i + 1}\t${type} ${fragments.map(([a, b]) => `${cp(a)} ${cp(b)}`).join(';')}\t${shown}`;
  });
  const all = [...lines, ...notes];
  return { txt: doc.text, ann: all.length ? all.join('\n') + '\n' : '' };
}

/** Reads a .txt/.ann pair back (text-bound annotations only): spans keyed by their type as written. */
export function parseBratAnn(text: string, ann: string): { type: string; start: number; end: number }[] {
  const out: { type: string; start: number; end: number }[] = [];
  const u16 = utf16Offsets(text);
  for (const line of ann.split(/\r?\n/)) {
    // Ids are "T" and any name ("T23", and "T23_2" as Variome writes them).
    const m = /^T\S*\t(\S+) ([\d ;]+)\t/.exec(line);
    if (!m) continue;
    const frags = m[2].split(';').map((f) => f.trim().split(' ').map(Number));
    const start = u16(Math.min(...frags.map((f) => f[0])));
    const end = u16(Math.max(...frags.map((f) => f[1])));
    if (end <= text.length) out.push({ type: m[1], start, end });
  }
  return out;
}
