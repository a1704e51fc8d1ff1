/**
 * npm run tag -- <files…> [--format pubtator|bioc-json|bioc-xml|json|tsv|brat] [--out FILE] [--model DIR] [--backend wasm|cpu] [--engine kernel|tfjs]
 *                 [--rules default|none|compare|RULE,RULE…] [--lexicon DIR | --no-link]
 *
 * The app's pipeline in Node for scripts: reads plain text, PubTator, BioC JSON or BioC XML files, tags every
 * document, links its spans to database ids with the app's lexicon (public/lexicons, or --lexicon DIR; none
 * with --no-link) and writes them in the chosen format to --out (or standard output; brat needs --out, it is a
 * ZIP).
 * When the input carries annotations, precision / recall / F1 against them go to standard error.
 * `--rules compare` (annotated input) tags once without document rules, then scores the documents with no rule,
 * each rule alone and abbreviation-type with abbreviation-untagged (the rules only rewrite a text's spans, so
 * this is exact); what it writes has no document rule applied.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeTextFile } from '../src/formats/text-file.ts';
import type { CorpusDocument } from '../src/formats/document.ts';
import { EXPORT_FORMATS, exportDocuments, type ExportFormat } from '../src/formats/export.ts';
import { compareWithGold, conceptSetScores, idScoresOf, scoresOf, type ComparedMention } from '../src/formats/gold.ts';
import { importText } from '../src/formats/import.ts';
import { entityTypes } from '../src/model/format.ts';
import { applyDocumentRules, DEFAULT_DOCUMENT_RULES, DOCUMENT_RULES, type DocumentRule } from '../src/ner/document-rules.ts';
import { linkSpans, loadGeneTablesFor } from '../src/linking/linker.ts';
import { DEFAULT_LEXICON_DIR, readLexiconDir } from './lib/fs-lexicon.ts';
import type { TaggerEngine } from '../src/model/backend-names.ts';
import { DEFAULT_MODEL_DIR, loadNodePipeline, type NodeBackend } from './lib/node-pipeline.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run tag -- <files…> [--format pubtator|bioc-json|bioc-xml|json|tsv|brat] [--out FILE] [--model DIR] [--backend wasm|cpu] [--engine kernel|tfjs] [--rules default|none|compare|RULE,RULE…] [--lexicon DIR | --no-link]';

async function main(): Promise<number> {
  const { values, positionals } = parseCli(USAGE, {
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      backend: { type: 'string', default: 'wasm' },
      engine: { type: 'string', default: 'kernel' },
      rules: { type: 'string', default: 'default' },
      lexicon: { type: 'string', default: DEFAULT_LEXICON_DIR },
      'no-link': { type: 'boolean', default: false },
    },
  });
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.some((f) => f.id === format)) {
    console.error(`--format must be one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}`);
    return 2;
  }
  const compare = values.rules === 'compare';
  const rules = values.rules === 'default' ? DEFAULT_DOCUMENT_RULES : values.rules === 'none' || compare ? [] : values.rules!.split(',');
  const unknown = rules.filter((r) => !(DOCUMENT_RULES as readonly string[]).includes(r));
  if (unknown.length) {
    console.error(`--rules: unknown ${unknown.join(', ')}; the rules are ${DOCUMENT_RULES.join(', ')} (or default, none)`);
    return 2;
  }
  if (!positionals.length) {
    console.error(USAGE);
    return 2;
  }
  if (format === 'brat' && !values.out) {
    console.error('--format brat writes a ZIP archive: give --out FILE.zip');
    return 2;
  }
  const docs: CorpusDocument[] = [];
  let failed = 0;
  for (const file of positionals) {
    try {
      const decoded = decodeTextFile(readFileSync(file));
      if (!decoded.ok) throw new Error(decoded.reason);
      const imported = importText(basename(file), decoded.text);
      for (const w of imported.warnings) console.error(`${file}: ${w}`);
      docs.push(...imported.documents);
      console.error(`${file}: ${imported.documents.length} document(s), ${imported.format}`);
    } catch (e) {
      failed++;
      console.error(`${file}: skipped: ${(e as Error).message}`);
    }
  }
  if (!docs.length) return 1;
  if (!['kernel', 'tfjs'].includes(values.engine!)) {
    console.error('--engine must be kernel or tfjs');
    return 2;
  }
  const p = await loadNodePipeline(values.model!, values.backend as NodeBackend, values.engine as TaggerEngine);
  const t0 = performance.now();
  console.error(`document rules: ${rules.length ? rules.join(', ') : 'none'}`);
  const spans = await p.tag(docs.map((d) => d.text), {
    documentRules: rules as DocumentRule[],
    onProgress: (done, total) => process.stderr.write(`\rtagging: ${done}/${total} model inputs`),
  });
  process.stderr.write(`\ntagged ${docs.length} document(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  docs.forEach((d, i) => (d.spans = spans[i]));
  if (!values['no-link']) {
    const lex = await readLexiconDir(values.lexicon!);
    await loadGeneTablesFor(docs.map((d) => d.text), lex);
    docs.forEach((d) => (d.spans = linkSpans(d.text, d.spans!, lex)));
    console.error(`linked with ${lex.manifest.sources.map((x) => x.short).join(', ')}`);
  }

  const withGold = docs.filter((d) => d.gold?.length);
  if (withGold.length) {
    const types = entityTypes(p.labels);
    const variants: [string, readonly DocumentRule[]][] = compare
      ? [
          ['no rule', []],
          ...DOCUMENT_RULES.map((r): [string, DocumentRule[]] => [r, [r]]),
          ['abbreviation-type, abbreviation-untagged', ['abbreviation-type', 'abbreviation-untagged']],
          [`default (${DEFAULT_DOCUMENT_RULES.join(', ')})`, DEFAULT_DOCUMENT_RULES],
          ...DOCUMENT_RULES.filter((r) => !DEFAULT_DOCUMENT_RULES.includes(r)).map((r): [string, DocumentRule[]] => [`default, ${r}`, [...DEFAULT_DOCUMENT_RULES, r]]),
        ]
      : [[rules.length ? rules.join(', ') : 'no rule', []]];
    for (const [name, extra] of variants) {
      const compared: ComparedMention[][] = [];
      const ignored: Record<string, number> = {};
      for (const d of withGold) {
        const c = compareWithGold(applyDocumentRules(d.text, d.spans!, extra), d.gold!, types);
        compared.push(c.mentions);
        for (const [t, n] of Object.entries(c.ignoredTypes)) ignored[t] = (ignored[t] ?? 0) + n;
      }
      console.error(`\n${name}: against the annotations in ${withGold.length} document(s) (entity level, exact offsets):`);
      for (const [t, s] of Object.entries(scoresOf(compared, types))) {
        console.error(`  ${t.padEnd(9)} P ${s.precision.toFixed(1)}  R ${s.recall.toFixed(1)}  F1 ${s.f1.toFixed(1)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
      }
      if (Object.keys(ignored).length) console.error(`  ignored annotation types: ${Object.entries(ignored).map(([t, n]) => `${t} (${n})`).join(', ')}`);
      if (values['no-link']) continue;
      // Links: the first id of each exactly found mention with a gold id, and per abstract the set of ids.
      for (const [t, s] of Object.entries(idScoresOf(compared, types))) {
        if (t !== 'all' && s.mentions) console.error(`  ${t.padEnd(9)} ids: first id right for ${s.accuracy.toFixed(1)} % of ${s.mentions} exactly found mentions with a gold id (${s.linked} linked)`);
      }
      const sets = conceptSetScores(withGold.map((d) => ({ gold: d.gold!, spans: applyDocumentRules(d.text, d.spans!, extra) })), types);
      for (const [t, s] of Object.entries(sets)) console.error(`  ${t.padEnd(9)} ids per abstract (type, id): P ${s.precision.toFixed(1)}  R ${s.recall.toFixed(1)}  F1 ${s.f1.toFixed(1)}`);
    }
  }
  const out = exportDocuments(docs, format);
  if (values.out) writeFileSync(values.out, out);
  else process.stdout.write(out);
  p.dispose();
  return failed ? 1 : 0;
}

process.exitCode = await main();
