/**
 * npm run eval-variants -- [--data ../shared/data] [--misses N]
 *
 * Scores the variant patterns (src/ner/variants.ts) on Variome's `mutation` annotations (extra/brat/Variome:
 * 120 paragraphs of 10 full texts, brat). Variome marks generic mentions ("mutations", "germline mutation")
 * as well as sequence variants, which no pattern is meant to find, so recall is given over all mutation
 * mentions and over those that contain a digit. Precision: a found variant that equals a gold mutation span
 * (exact) or lies inside one (within: "p.Pro622Thr" inside "proline 622 to threonine (p.Pro622Thr) amino acid
 * substitution"). Lists the misses and the false finds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBratAnn } from '../src/formats/brat.ts';
import { findVariants } from '../src/ner/variants.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run eval-variants -- [--data ../shared/data] [--misses N]';

const { values } = parseCli(USAGE, { options: { data: { type: 'string', default: '../shared/data' }, misses: { type: 'string', default: '30' } } });
const dir = join(values.data!, 'extra/brat/Variome');
let files: string[];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.txt') && existsSync(join(dir, f.replace(/\.txt$/, '.ann'))));
} catch {
  console.error(`eval-variants: no Variome corpus in ${dir} (--data DIR)`);
  process.exit(2);
}
let found = 0, exact = 0, within = 0, gold = 0, goldDigit = 0, goldHitExact = 0, goldHitDigit = 0, goldOverlapDigit = 0;
const misses = new Map<string, number>();
const falses = new Map<string, number>();
for (const f of files) {
  const text = readFileSync(join(dir, f), 'utf8');
  const g = parseBratAnn(text, readFileSync(join(dir, f.replace(/\.txt$/, '.ann')), 'utf8')).filter((a) => a.type === 'mutation');
  const v = findVariants(text);
  found += v.length;
  for (const m of v) {
    if (g.some((a) => a.start === m.start && a.end === m.end)) exact++;
    else if (g.some((a) => a.start <= m.start && m.end <= a.end)) within++;
    else falses.set(m.text, (falses.get(m.text) ?? 0) + 1);
  }
  for (const a of g) {
    const s = text.slice(a.start, a.end);
    gold++;
    const hit = v.some((m) => m.start === a.start && m.end === a.end);
    if (hit) goldHitExact++;
    if (/\d/.test(s)) {
      goldDigit++;
      if (hit) goldHitDigit++;
      if (v.some((m) => m.start < a.end && a.start < m.end)) goldOverlapDigit++;
      else misses.set(s, (misses.get(s) ?? 0) + 1);
    }
  }
}
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '–');
console.log(`Variome (${files.length} paragraphs): ${found} variants found, ${gold} gold mutation mentions (${goldDigit} with a digit)`);
console.log(`precision: exact ${pct(exact, found)} %, exact or inside a gold mutation ${pct(exact + within, found)} %`);
console.log(`recall, exact: ${pct(goldHitExact, gold)} % of all mutation mentions, ${pct(goldHitDigit, goldDigit)} % of those with a digit; overlapped: ${pct(goldOverlapDigit, goldDigit)} % of those with a digit`);
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(values.misses)).map(([s, n]) => `${JSON.stringify(s)}${n > 1 ? ` ×${n}` : ''}`).join(', ');
console.log(`\nfalse finds: ${top(falses) || 'none'}`);
console.log(`\nmissed mentions with a digit: ${top(misses) || 'none'}`);
