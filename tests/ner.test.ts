import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWordPiece } from '../src/model/tokenizer.ts';
import { constrainedLabels, decodeSpans } from '../src/ner/decode.ts';
import { pretokenize } from '../src/ner/pretokenize.ts';
import { AbortedError, tagTexts, type ModelRunner } from '../src/ner/pipeline.ts';
import { tokenizeWithOffsets, type WordPieceModel } from '../src/ner/tokenize.ts';
import { assignWords, planWindows } from '../src/ner/windows.ts';
import { sharedPath, writeTokenizerFolder } from './helpers/shared.ts';

const LABELS = ['O', 'B-Chemical', 'I-Chemical', 'B-Disease', 'I-Disease', 'B-Gene', 'I-Gene'];

let root: string;
let wp: WordPieceModel;

/**
 * A context-free stand-in for the model: the label of a position depends only on its token id, so any
 * windowing must give the same spans as one window over the whole text.
 */
function lexiconRunner(lexicon: Record<string, string>, maxLength = 512): ModelRunner & { calls: number[] } {
  const byId = new Map<number, number>();
  for (const [word, label] of Object.entries(lexicon)) byId.set(wp.ids(wp.pieces(word))[0], LABELS.indexOf(label));
  const calls: number[] = [];
  return {
    maxLength,
    labels: LABELS,
    calls,
    async run(ids, _mask, batch, seqLen) {
      calls.push(batch * seqLen);
      const labelIds = new Int32Array(ids.length);
      const scores = new Float32Array(ids.length).fill(0.9);
      ids.forEach((id, i) => (labelIds[i] = byId.get(id) ?? 0));
      return { labelIds, scores };
    },
  };
}

const LEXICON = { tamoxifen: 'B-Chemical', breast: 'B-Disease', cancer: 'I-Disease', BRCA1: 'B-Gene', hepatotoxicity: 'B-Disease' };

function abstract(sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    parts.push(i % 3 === 0
      ? `Patients ${i} with breast cancer received tamoxifen daily.`
      : i % 3 === 1 ? `Carriers of BRCA1 variants were followed for ${i} months` : `and hepatotoxicity was rare (${i}%).`);
  }
  return parts.join(' ');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ner-test-'));
  writeTokenizerFolder(root, 'bioformer', sharedPath('data/vocab/bioformer-cased-vocab.txt'));
  wp = await loadWordPiece('bioformer', root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('decodeSpans', () => {
  const text = 'aspirin and breast cancer in BRCA1 carriers';
  const words = pretokenize(text);
  const L = (...names: string[]) => names.map((n) => LABELS.indexOf(n));

  it('joins B- and following I- of the same type into one span with the exact text', () => {
    const spans = decodeSpans(text, words, L('B-Chemical', 'O', 'B-Disease', 'I-Disease', 'O', 'B-Gene', 'O'), [0.9, 1, 0.8, 0.6, 1, 0.7, 1], LABELS);
    expect(spans.map((s) => [s.type, s.start, s.end, s.text])).toEqual([
      ['Chemical', 0, 7, 'aspirin'], ['Disease', 12, 25, 'breast cancer'], ['Gene', 29, 34, 'BRCA1'],
    ]);
    expect(spans[1].score).toBeCloseTo(0.7);
  });

  it('leaves symbols and emoji at a span\'s ends out of it, and drops a span of nothing else', () => {
    const odd = 'Humira® and asthma😀👍🏽 and ©aspirin and ™';
    const w = pretokenize(odd);
    expect(w.map((x) => x.text)).toEqual(['Humira®', 'and', 'asthma😀👍🏽', 'and', '©aspirin', 'and', '™']);
    const spans = decodeSpans(odd, w, L('B-Chemical', 'O', 'B-Disease', 'O', 'B-Chemical', 'O', 'B-Chemical'), [1, 1, 1, 1, 1, 1, 1], LABELS);
    expect(spans.map((s) => [s.type, s.text, odd.slice(s.start, s.end)])).toEqual([
      ['Chemical', 'Humira', 'Humira'], ['Disease', 'asthma', 'asthma'], ['Chemical', 'aspirin', 'aspirin'],
    ]);
  });

  it('repairs an I- with no B- before it, and an I- of another type, into new spans', () => {
    const spans = decodeSpans(text, words, L('I-Chemical', 'O', 'B-Disease', 'I-Gene', 'O', 'O', 'O'), [1, 1, 1, 1, 1, 1, 1], LABELS);
    expect(spans.map((s) => s.text)).toEqual(['aspirin', 'breast', 'cancer']);
    expect(spans.map((s) => s.type)).toEqual(['Chemical', 'Disease', 'Gene']);
  });

  it('reads BIOES labels (S- single, E- end)', () => {
    const labels = ['O', 'S-Chem', 'B-Dis', 'E-Dis'];
    const spans = decodeSpans(text, words, [1, 0, 2, 3, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1], labels);
    expect(spans.map((s) => [s.type, s.text])).toEqual([['Chem', 'aspirin'], ['Dis', 'breast cancer']]);
  });

  it('gives words without a prediction (-1) no span', () => {
    expect(decodeSpans(text, words, [-1, -1, -1, -1, -1, -1, -1], new Float32Array(7), LABELS)).toEqual([]);
  });
});

describe('constrainedLabels', () => {
  /** Rows of label probabilities from {label: p} maps; the rest of each row shares what is left. */
  const rows = (...ws: Record<string, number>[]) => {
    const out = new Float32Array(ws.length * LABELS.length);
    ws.forEach((w, i) => {
      const given = Object.values(w).reduce((a, b) => a + b, 0);
      const rest = (1 - given) / (LABELS.length - Object.keys(w).length);
      LABELS.forEach((l, j) => (out[i * LABELS.length + j] = w[l] ?? rest));
    });
    return out;
  };
  const names = (ids: Int32Array) => [...ids].map((i) => (i >= 0 ? LABELS[i] : '-'));

  it('decides a doubtful first word together with a confident I- after it', () => {
    // argmax: O then I-Disease, which repair turns into the span "cancer" alone
    const probs = rows({ O: 0.5, 'B-Disease': 0.45 }, { 'I-Disease': 0.9 });
    expect(names(constrainedLabels(probs, LABELS))).toEqual(['B-Disease', 'I-Disease']);
  });

  it('never lets an I- follow O or another type, nor start the text', () => {
    const probs = rows({ 'I-Gene': 0.6, O: 0.3 }, { 'B-Chemical': 0.9 }, { 'I-Disease': 0.5, 'I-Chemical': 0.4 });
    const got = names(constrainedLabels(probs, LABELS));
    expect(got[0]).not.toBe('I-Gene');
    expect(got.slice(1)).toEqual(['B-Chemical', 'I-Chemical']);
  });

  it('keeps confident argmax labels as they are', () => {
    const probs = rows({ 'B-Chemical': 0.9 }, { O: 0.9 }, { 'B-Gene': 0.8 }, { 'I-Gene': 0.7 });
    expect(names(constrainedLabels(probs, LABELS))).toEqual(['B-Chemical', 'O', 'B-Gene', 'I-Gene']);
  });

  it('gives words without probabilities -1 and restarts after them', () => {
    const probs = rows({ 'B-Disease': 0.9 }, { O: 1 }, { 'I-Disease': 0.6, 'B-Disease': 0.3 });
    probs.fill(NaN, LABELS.length, 2 * LABELS.length);
    expect(names(constrainedLabels(probs, LABELS))).toEqual(['B-Disease', '-', 'B-Disease']);
  });
});

describe('planWindows', () => {
  it('covers every token, never starts inside a word, stays within the limit and overlaps', () => {
    const text = abstract(60);
    const t = tokenizeWithOffsets(text, wp);
    const windows = planWindows(text, t, 40, 8);
    expect(windows.length).toBeGreaterThan(5);
    expect(windows[0].start).toBe(0);
    expect(windows.at(-1)!.end).toBe(t.tokens.length);
    windows.forEach((w, i) => {
      expect(w.end - w.start).toBeLessThanOrEqual(40);
      expect(t.tokens[w.start].first).toBe(true);
      if (i > 0) expect(w.start).toBeLessThan(windows[i - 1].end); // overlap, no gap
    });
    const owner = assignWords(t, windows);
    expect([...owner].every((o) => o >= 0)).toBe(true);
  });

  it('prefers to end a window at a sentence boundary', () => {
    const text = abstract(60);
    const t = tokenizeWithOffsets(text, wp);
    const windows = planWindows(text, t, 40, 8);
    const atSentence = windows.slice(0, -1).filter((w) => /[.!?;]$/.test(text.slice(0, t.tokens[w.end - 1].end))).length;
    expect(atSentence).toBeGreaterThanOrEqual(windows.length - 2);
  });

  it('keeps a short text in one window', () => {
    const t = tokenizeWithOffsets('BRCA1 and tamoxifen.', wp);
    expect(planWindows('BRCA1 and tamoxifen.', t, 510, 64)).toEqual([{ start: 0, end: t.tokens.length }]);
  });
});

describe('tagTexts', () => {
  it('finds the same spans with small windows as with one window over a 2,000-word text', async () => {
    const text = abstract(400);
    expect(text.split(/\s+/).length).toBeGreaterThan(2000);
    const whole = await tagTexts([text], wp, lexiconRunner(LEXICON, 100_000));
    const runner = lexiconRunner(LEXICON, 50);
    const windowed = await tagTexts([text], wp, runner, { overlap: 10 });
    expect(runner.calls.length).toBeGreaterThan(10);
    expect(windowed).toEqual(whole);
    for (const s of windowed[0]) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(windowed[0].filter((s) => s.text === 'breast cancer').length).toBe(134);
  });

  it('keeps an entity that straddles a window seam, once', async () => {
    const filler = 'one two three four five six seven eight nine ten';
    const text = `${filler} breast cancer ${filler} ${filler}`;
    const t = tokenizeWithOffsets(text, wp);
    const breast = t.tokens.findIndex((x) => text.slice(x.start, x.end) === 'breast');
    // A window that must end right after 'breast' (no sentence break anywhere): the seam splits the entity.
    const maxTokens = breast + 1;
    const windows = planWindows(text, t, maxTokens, 3);
    expect(windows[0].end).toBe(breast + 1);
    const [spans] = await tagTexts([text], wp, lexiconRunner(LEXICON, maxTokens + 2), { overlap: 3 });
    expect(spans.map((s) => [s.text, s.start])).toEqual([['breast cancer', text.indexOf('breast')]]);
  });

  it('tags many texts in batches and reports progress', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `Sample ${i}: tamoxifen for breast cancer.`);
    const progress: number[] = [];
    const out = await tagTexts(texts, wp, lexiconRunner(LEXICON), { batchSize: 8, onProgress: (d) => progress.push(d) });
    expect(progress).toEqual([8, 16, 20]);
    expect(out.every((spans) => spans.map((s) => s.type).join() === 'Chemical,Disease')).toBe(true);
  });

  it('stops with AbortedError when cancelled', async () => {
    const ctrl = new AbortController();
    const texts = Array.from({ length: 30 }, () => 'tamoxifen');
    const run = tagTexts(texts, wp, lexiconRunner(LEXICON), { batchSize: 4, signal: ctrl.signal, onProgress: (d) => d >= 8 && ctrl.abort() });
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });

  it('tags around a 20,000-character word (a DNA sequence) and emoji with offsets intact', async () => {
    const dna = 'ACGT'.repeat(5000);
    const text = `🧬 tamoxifen ${dna} then e\u0301\u200b breast cancer 😀.`;
    const [spans] = await tagTexts([text], wp, lexiconRunner(LEXICON, 64), { overlap: 8 });
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(spans.map((s) => [s.type, s.text, s.start])).toEqual([
      ['Chemical', 'tamoxifen', text.indexOf('tamoxifen')],
      ['Disease', 'breast cancer', text.indexOf('breast cancer')],
    ]);
  });

  it('decodes with Viterbi when the runner gives probabilities, and with argmax repair when asked', async () => {
    const text = 'Women with breast cancer were treated.';
    const breast = wp.ids(wp.pieces('breast'))[0];
    const cancer = wp.ids(wp.pieces('cancer'))[0];
    const runner: ModelRunner = {
      maxLength: 64,
      labels: LABELS,
      async run(ids) {
        const n = LABELS.length;
        const probs = new Float32Array(ids.length * n);
        ids.forEach((id, i) => {
          const row: Record<string, number> = id === breast ? { O: 0.5, 'B-Disease': 0.45 } : id === cancer ? { 'I-Disease': 0.9 } : { O: 0.97 };
          const rest = (1 - Object.values(row).reduce((a, b) => a + b, 0)) / (n - Object.keys(row).length);
          LABELS.forEach((l, j) => (probs[i * n + j] = row[l] ?? rest));
        });
        const labelIds = new Int32Array(ids.length);
        const scores = new Float32Array(ids.length);
        for (let i = 0; i < ids.length; i++) {
          for (let j = 0; j < n; j++) if (probs[i * n + j] > probs[i * n + labelIds[i]]) labelIds[i] = j;
          scores[i] = probs[i * n + labelIds[i]];
        }
        return { labelIds, scores, probs };
      },
    };
    const [viterbi] = await tagTexts([text], wp, runner);
    expect(viterbi.map((s) => [s.type, s.text, s.start])).toEqual([['Disease', 'breast cancer', 11]]);
    expect(viterbi[0].score).toBeCloseTo((0.45 + 0.9) / 2, 5);
    const [argmax] = await tagTexts([text], wp, runner, { decoding: 'argmax' });
    expect(argmax.map((s) => [s.type, s.text])).toEqual([['Disease', 'cancer']]);
  });

  it('returns no spans for empty and whitespace-only texts', async () => {
    expect(await tagTexts(['', '  \n\t '], wp, lexiconRunner(LEXICON))).toEqual([[], []]);
  });
});

describe('pages over long texts', async () => {
  const { pageBounds } = await import('../src/ui/paging.ts');
  it('cover the text without gaps and never split a word or a span', () => {
    const words = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 'breast cancer' : `w${i}`));
    const text = words.join(' ');
    const spans: { start: number; end: number }[] = [];
    for (let i = text.indexOf('breast cancer'); i >= 0; i = text.indexOf('breast cancer', i + 1)) spans.push({ start: i, end: i + 13 });
    const pages = pageBounds(text, spans, 1000);
    expect(pages[0].from).toBe(0);
    expect(pages.at(-1)!.to).toBe(text.length);
    for (let i = 1; i < pages.length; i++) expect(pages[i].from).toBe(pages[i - 1].to);
    for (const p of pages.slice(0, -1)) {
      expect(/\s/.test(text[p.to]) || spans.some((s) => s.end === p.to)).toBe(true);
      expect(spans.some((s) => s.start < p.to && s.end > p.to)).toBe(false);
      expect(p.to - p.from).toBeGreaterThanOrEqual(1000);
    }
    expect(pageBounds('', [], 10)).toEqual([{ from: 0, to: 0 }]);
  });
});
