import { readFileSync } from 'node:fs';

export interface IobSentence {
  tokens: string[];
  tags: string[];
}

export function readIob(path: string): IobSentence[] {
  const out: IobSentence[] = [];
  let cur: IobSentence = { tokens: [], tags: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) {
      if (cur.tokens.length) out.push(cur);
      cur = { tokens: [], tags: [] };
      continue;
    }
    const [tok, tag] = line.split('\t');
    cur.tokens.push(tok);
    cur.tags.push(tag ?? 'O');
  }
  if (cur.tokens.length) out.push(cur);
  return out;
}

/** Raw text of a sentence (tokens joined by single spaces) and gold spans of one type in its offsets. */
export function sentenceToText(s: IobSentence, typeMap: Record<string, string>): { text: string; gold: { type: string; start: number; end: number }[] } {
  const gold: { type: string; start: number; end: number }[] = [];
  let pos = 0;
  let cur: { type: string; start: number; end: number } | null = null;
  s.tokens.forEach((tok, i) => {
    const start = pos;
    const end = pos + tok.length;
    pos = end + 1;
    const tag = s.tags[i];
    const type = tag === 'O' ? undefined : typeMap[tag.slice(2)];
    if (type && (tag.startsWith('B-') || !cur || cur.type !== type)) {
      if (cur) gold.push(cur);
      cur = { type, start, end };
    } else if (type && cur) {
      cur.end = end;
    } else {
      if (cur) gold.push(cur);
      cur = null;
    }
  });
  if (cur) gold.push(cur);
  return { text: s.tokens.join(' '), gold };
}
