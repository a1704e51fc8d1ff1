/** A piece of a long document and where it starts in it. */
export interface TextChunk {
  start: number;
  text: string;
}

/**
 * Splits a document into chunks of at most about `maxChars`, cutting at a paragraph break, else a line
 * break, else a sentence end, else whitespace in the last fifth of the chunk, never inside a surrogate pair.
 * Chunks tag independently, so memory stays bounded and progress can be reported for huge files.
 */
export function splitChunks(text: string, maxChars: number): TextChunk[] {
  const out: TextChunk[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const hard = start + maxChars;
    const floor = start + Math.floor(maxChars * 0.8);
    const region = text.slice(floor, hard);
    let cut = -1;
    for (const re of [/\n\s*\n/g, /\n/g, /[.!?]\s/g, /\s/g]) {
      let m: RegExpExecArray | null;
      let last = -1;
      while ((m = re.exec(region))) last = m.index + m[0].length;
      if (last > 0) {
        cut = floor + last;
        break;
      }
    }
    if (cut < 0) {
      cut = hard;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--; // keep a surrogate pair together
    }
    out.push({ start, text: text.slice(start, cut) });
    start = cut;
  }
  out.push({ start, text: text.slice(start) });
  return out;
}
