/**
 * The labelled corpora of ../shared/data as training/corpora.json lists them (the one list; the trainer's
 * training/multi_corpus.py reads it too): documents as raw text with gold spans of our types, split into
 * train/devel/test the same way (a file, or fifths of its documents in file order).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBratAnn } from '../../src/formats/brat.ts';
import { parsePubTator } from '../../src/formats/pubtator.ts';
import { readIob } from './iob.ts';

export interface SplitRule {
  file: string;
  fifths?: number[];
}

export interface CorpusEntry {
  name: string;
  format: 'iob' | 'conll' | 'pubtator' | 'brat' | 'metabolite';
  path: string;
  annotates: string[];
  /** corpus tag -> our type, or "*" (masked: any label; a found span over it is neither right nor wrong) */
  tags: Record<string, string>;
  splits: Record<string, SplitRule>;
  note?: string;
}

export interface Span {
  type: string;
  start: number;
  end: number;
}

export interface CorpusDoc {
  id: string;
  text: string;
  /** spans of the annotated types, as the corpus marks them */
  gold: Span[];
  /** spans whose tag is masked (type "*") */
  masked: Span[];
}

export const MASK = '*';
export const CORPORA_FILE = 'training/corpora.json';

export function corpusEntries(file = CORPORA_FILE): CorpusEntry[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { corpora: CorpusEntry[] }).corpora;
}

/** Runs of IOB2 tags over token offsets; an I- that does not continue its type starts a span. */
function iobSpans(offsets: [number, number][], tags: string[]): Span[] {
  const out: Span[] = [];
  let cur: Span | null = null;
  tags.forEach((tag, i) => {
    const [s, e] = offsets[i];
    if (!tag || tag === 'O') {
      if (cur) out.push(cur);
      cur = null;
      return;
    }
    const kind = tag.slice(2);
    if (tag.startsWith('I-') && cur && cur.type === kind) cur.end = e;
    else {
      if (cur) out.push(cur);
      cur = { type: kind, start: s, end: e };
    }
  });
  if (cur) out.push(cur);
  return out;
}

function readIobDocs(path: string, name: string): { id: string; text: string; spans: Span[] }[] {
  return readIob(path).map((s, k) => {
    const offsets: [number, number][] = [];
    let pos = 0;
    for (const t of s.tokens) {
      offsets.push([pos, pos + t.length]);
      pos += t.length + 1;
    }
    return { id: `${name}:${k}`, text: s.tokens.join(' '), spans: iobSpans(offsets, s.tags) };
  });
}

/** HUNER's CoNLL: `token tag +|-` (whether a space follows), blank line between sentences. */
function readConllDocs(path: string, name: string): { id: string; text: string; spans: Span[] }[] {
  const out: { id: string; text: string; spans: Span[] }[] = [];
  let parts: [string, string, boolean][] = [];
  const flush = () => {
    if (!parts.length) return;
    let text = '';
    const offsets: [number, number][] = [];
    for (const [tok, , space] of parts) {
      offsets.push([text.length, text.length + tok.length]);
      text += tok + (space ? ' ' : '');
    }
    out.push({ id: `${name}:${out.length}`, text: text.replace(/ +$/, ''), spans: iobSpans(offsets, parts.map((p) => p[1])) });
    parts = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) {
      flush();
      continue;
    }
    const cols = line.split(' ');
    parts.push([cols.slice(0, -2).join(' '), cols[cols.length - 2], cols[cols.length - 1] === '+']);
  }
  flush();
  return out;
}

function readPubTatorDocs(path: string): { id: string; text: string; spans: Span[] }[] {
  return parsePubTator(readFileSync(path, 'utf8')).documents.map((d) => ({
    id: d.id,
    text: d.text,
    // a mention whose offsets do not hold its text is an upstream error (extra/README.md): skipped, as the trainer does
    spans: (d.gold ?? []).filter((g) => g.written === undefined).map((g) => ({ type: g.sourceType, start: g.start, end: g.end })),
  }));
}

function readBratDocs(folder: string): { id: string; text: string; spans: Span[] }[] {
  return readdirSync(folder).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const text = readFileSync(join(folder, f), 'utf8');
    let ann = '';
    try {
      ann = readFileSync(join(folder, f.replace(/\.txt$/, '.ann')), 'utf8');
    } catch {
      // a text without annotations
    }
    return { id: f.replace(/\.txt$/, ''), text, spans: parseBratAnn(text, ann) };
  });
}

/** MetaboliteNER's gold standard: one document per sentence. */
function readMetaboliteDocs(folder: string): { id: string; text: string; spans: Span[] }[] {
  const rows = (file: string) => readFileSync(join(folder, file), 'utf8').replace(/^\uFEFF/, '').split('\n').filter((l) => l.trim()).map((l) => l.replace(/\r$/, '').split('\t'));
  const docs = new Map<string, { id: string; text: string; spans: Span[] }>();
  for (const r of rows('GoldStandard.txt')) if (r.length >= 3) docs.set(`${r[0]}\t${r[1]}`, { id: `${r[0]}:${r[1]}`, text: r.slice(2).join('\t'), spans: [] });
  for (const r of rows('GoldStandardAnnot.tsv')) {
    const d = docs.get(`${r[0]}\t${r[1]}`);
    if (!d || r.length < 5) continue;
    const start = Number(r[2]);
    const end = Number(r[3]);
    if (d.text.slice(start, end) === r[4]) d.spans.push({ type: 'metabolite', start, end });
  }
  return [...docs.values()];
}

function readFile(entry: CorpusEntry, dataDir: string, file: string) {
  const path = join(dataDir, entry.path.replace('{split}', file));
  switch (entry.format) {
    case 'iob': return readIobDocs(path, `${entry.name}:${file}`);
    case 'conll': return readConllDocs(path, `${entry.name}:${file}`);
    case 'pubtator': return readPubTatorDocs(path);
    case 'brat': return readBratDocs(path);
    case 'metabolite': return readMetaboliteDocs(path);
  }
}

/** A corpus's split as documents with gold spans of our types; [] where the corpus has no such split. */
export function readCorpusSplit(entry: CorpusEntry, split: string, dataDir: string): CorpusDoc[] {
  const rule = entry.splits[split];
  if (!rule) return [];
  let docs = readFile(entry, dataDir, rule.file);
  if (rule.fifths) {
    const n = docs.length;
    docs = docs.filter((_, i) => rule.fifths!.includes(Math.floor((i * 5) / n)));
  }
  return docs.map((d) => {
    const gold: Span[] = [];
    const masked: Span[] = [];
    for (const s of d.spans) {
      const ours = entry.tags[s.type];
      if (ours === MASK) masked.push({ ...s, type: MASK });
      else if (ours) gold.push({ ...s, type: ours });
    }
    return { id: d.id, text: d.text, gold, masked };
  });
}
