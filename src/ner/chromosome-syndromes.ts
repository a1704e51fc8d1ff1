/**
 * Syndromes named by a chromosome band and a copy-number change ("22q11.2 deletion syndrome", "1p36 deletion
 * syndrome", "7q11.23 duplication syndrome", "15q13.3 microdeletion syndrome") as Disease spans. No corpus here
 * annotates one, so the tagger misses them (it marks "microdeletion syndrome" at most); the words say what they
 * are. Such a span wins over the spans it overlaps, which it holds ("syndrome", "22q11.2" tagged as a gene).
 */
import type { EntitySpan } from './span.ts';

/** A band ("22q11.2", "18q", "Xq28", "16p11.2-p12.2"), then the change and "syndrome(s)". */
const SYNDROME = /(?<![\p{L}\p{N}])(?:\d{1,2}|X|Y)[pq](?:\d{1,2}(?:\.\d{1,3})?)?(?:\s?-\s?[pq]?\d{1,2}(?:\.\d{1,3})?)?[\s-]+(?:micro)?(?:deletion|duplication|triplication)s?\s+syndromes?(?![\p{L}\p{N}])/giu;

export function withChromosomeSyndromes(text: string, spans: readonly EntitySpan[]): EntitySpan[] {
  const found: EntitySpan[] = [];
  for (const m of text.matchAll(SYNDROME)) {
    const start = m.index!;
    const end = start + m[0].length;
    const held = spans.filter((s) => s.start < end && s.end > start);
    // a span reaching outside it ("chromosome 22q11.2 deletion syndrome patients") is the tagger's to keep
    if (held.some((s) => s.start < start || s.end > end)) continue;
    // found by its words, as a variant is: the score says so (1), not a model's confidence
    found.push({ type: 'Disease', start, end, text: m[0], score: 1 });
  }
  if (!found.length) return spans.slice();
  const kept = spans.filter((s) => !found.some((f) => s.start < f.end && s.end > f.start));
  return [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end);
}
