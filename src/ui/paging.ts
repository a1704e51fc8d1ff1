/**
 * Pages over a long tagged text, so the page never renders megabytes of text and tens of thousands of
 * highlights at once. A page ends at whitespace after `size` characters, moved past any span that covers
 * that point, so no word and no entity is split between pages.
 */
export interface TextPage {
  from: number;
  to: number;
}

export function pageBounds(text: string, spans: readonly { start: number; end: number }[], size: number): TextPage[] {
  const pages: TextPage[] = [];
  let from = 0;
  let k = 0; // first span not yet behind `from`
  while (from < text.length) {
    let to = Math.min(text.length, from + size);
    if (to < text.length) {
      const ws = text.slice(to, to + 2000).search(/\s/);
      to = ws < 0 ? to : to + ws;
      while (k < spans.length && spans[k].end <= to) k++;
      // spans are sorted and do not overlap: at most the span at k can cover `to`
      if (k < spans.length && spans[k].start < to) to = spans[k].end;
    }
    pages.push({ from, to });
    from = to;
  }
  return pages.length ? pages : [{ from: 0, to: 0 }];
}
