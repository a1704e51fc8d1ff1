/**
 * Sequence variants found by patterns, in the classes tmVar recognises (Wei et al. 2013, 2018): protein
 * substitutions ("V600E", "p.Val600Glu", "Arg72Pro"), DNA changes ("c.1799T>A", "g.12345G>A", "IVS2+1G>A"),
 * deletions, insertions, duplications and frameshifts ("delF508", "c.35delG", "p.Gln61fs"), stops ("E873X",
 * "E873stop") and dbSNP ids ("rs3761422"). Each is normalised to an HGVS-like form (`p.V600E`, `c.1799T>A`,
 * `rs3761422`). Pure TypeScript; offsets are UTF-16, end exclusive, like every span of the app.
 *
 * Patterns are composed from named parts (AMINO_ACIDS, NT, POS) rather than pasted alternations, and each is
 * an object with examples and non-examples that tests/variants.test.ts checks.
 */

/** The 20 amino acids (and the stop), one- and three-letter codes and names. */
export const AMINO_ACIDS = [
  { one: 'A', three: 'Ala', name: 'alanine' }, { one: 'R', three: 'Arg', name: 'arginine' },
  { one: 'N', three: 'Asn', name: 'asparagine' }, { one: 'D', three: 'Asp', name: 'aspartic acid' },
  { one: 'C', three: 'Cys', name: 'cysteine' }, { one: 'Q', three: 'Gln', name: 'glutamine' },
  { one: 'E', three: 'Glu', name: 'glutamic acid' }, { one: 'G', three: 'Gly', name: 'glycine' },
  { one: 'H', three: 'His', name: 'histidine' }, { one: 'I', three: 'Ile', name: 'isoleucine' },
  { one: 'L', three: 'Leu', name: 'leucine' }, { one: 'K', three: 'Lys', name: 'lysine' },
  { one: 'M', three: 'Met', name: 'methionine' }, { one: 'F', three: 'Phe', name: 'phenylalanine' },
  { one: 'P', three: 'Pro', name: 'proline' }, { one: 'S', three: 'Ser', name: 'serine' },
  { one: 'T', three: 'Thr', name: 'threonine' }, { one: 'W', three: 'Trp', name: 'tryptophan' },
  { one: 'Y', three: 'Tyr', name: 'tyrosine' }, { one: 'V', three: 'Val', name: 'valine' },
] as const;

const ONE = `[${AMINO_ACIDS.map((a) => a.one).join('')}]`;
const THREE = `(?:${AMINO_ACIDS.map((a) => a.three).join('|')})`;
/** A residue: three-letter code or one letter. */
const AA = `(?:${THREE}|${ONE})`;
/** A stop: X, *, Ter, stop. */
const STOP = '(?:X|\\*|Ter|stop)';
const NT = '[ACGTU]';
const POS = '[1-9][0-9]{0,5}';
/** A DNA position: offsets into introns and UTRs (c.-15, c.*45, c.123+5, c.835-7); a genomic one has up to
 * ten digits (g.32972626). */
const CPOS = `[-*]?[1-9][0-9]{0,9}(?:[-+][1-9][0-9]{0,4})?`;
/** A run of residues, inserted or replacing ("insYVMA", "delinsSer", "insTyrValMetAla"). */
const RESIDUES = `(?:${THREE}+|${ONE}+)`;
/** A protein position or range ("746", with its residue before it, "Glu746_Ala750"). */
const residueRange = (aa: string, pos: string) => `(${aa})(${pos})(?:_(${aa})(${pos}))?`;
/** Spaces that authors put around ">" ("c.5465A > T"). */
const GT = '\\s?>\\s?';
/** The closing parenthesis of "p.(…)", taken only where the opening one was. */
const CLOSE = '(?:(?<=p\\.\\([^)]*)\\))?';

export type VariantKind = 'ProteinMutation' | 'DNAMutation' | 'SNP';

export interface VariantPattern {
  id: string;
  kind: VariantKind;
  source: string;
  /** Whole strings the pattern must match, and their normal form. */
  examples: [string, string][];
  /** Strings it must not match anywhere. */
  nonExamples: string[];
  normalize(m: RegExpExecArray): string;
}

const THREE_LETTER_RUN = new RegExp(`^${THREE}+$`);
const THREE_LETTER_CODE = new RegExp(THREE, 'g');

/** "TyrValMetAla" or "YVMA" as one-letter codes. */
const oneLetters = (run: string): string =>
  THREE_LETTER_RUN.test(run) ? run.match(THREE_LETTER_CODE)!.map(oneLetter).join('') : run;

/** The residues an insertion or deletion-insertion puts in, as one-letter codes; a deletion or duplication names none. */
const inserted = (edit: string, run: string | undefined): string => (run && (edit === 'ins' || edit === 'delins') ? oneLetters(run) : '');

const oneLetter = (aa: string): string => {
  if (/^(?:X|\*|Ter|stop)$/i.test(aa)) return '*';
  if (aa.length === 1) return aa;
  return AMINO_ACIDS.find((a) => a.three.toLowerCase() === aa.toLowerCase())?.one ?? aa;
};

/**
 * Each class tmVar recognises, most specific first (an earlier pattern's match wins where two overlap).
 * Protein patterns without "p." need a position of at least two digits, so gene and cell names such as
 * "E2F" or "H1N1" stay out; DNA patterns need a nucleotide change or an edit word.
 */
export const VARIANT_PATTERNS: readonly VariantPattern[] = [
  {
    id: 'dbsnp-rs', kind: 'SNP', source: 'rs[1-9][0-9]{2,9}',
    examples: [['rs3761422', 'rs3761422'], ['rs113488022', 'rs113488022']], nonExamples: ['rs1', 'mrs123456', 'rs12a'],
    normalize: (m) => m[0],
  },
  {
    id: 'ivs-substitution', kind: 'DNAMutation', source: `IVS(${POS})([-+][1-9][0-9]{0,4})(${NT})${GT}(${NT})`,
    examples: [['IVS2+1G>A', 'IVS2+1G>A'], ['IVS10-2A>G', 'IVS10-2A>G']], nonExamples: ['IVS2'],
    normalize: (m) => `IVS${m[1]}${m[2]}${m[3]}>${m[4]}`,
  },
  {
    id: 'hgvs-dna-substitution', kind: 'DNAMutation', source: `([cgmnr])\\.(${CPOS})(${NT})${GT}(${NT})`,
    examples: [['c.1799T>A', 'c.1799T>A'], ['g.12345G>A', 'g.12345G>A'], ['c.5465A > T', 'c.5465A>T'], ['c.835-7T > G', 'c.835-7T>G'], ['c.-15C>T', 'c.-15C>T']],
    nonExamples: ['c.1799', 'p.1799T>A'],
    normalize: (m) => `${m[1]}.${m[2]}${m[3]}>${m[4]}`,
  },
  {
    id: 'hgvs-dna-multi-substitution', kind: 'DNAMutation', source: `([cg])\\.(${CPOS}_${CPOS})(${NT}{2,})${GT}(${NT}{2,})`,
    examples: [['c.1852_1853AA>GC', 'c.1852_1853AA>GC']], nonExamples: [],
    normalize: (m) => `${m[1]}.${m[2]}${m[3]}>${m[4]}`,
  },
  {
    // HGVS drops the deleted bases of a deletion-insertion; authors often write them ("c.876_872delAGGGGinsT").
    id: 'hgvs-dna-deletion-insertion', kind: 'DNAMutation', source: `([cgmnr])\\.(${CPOS}(?:_${CPOS})?)del(?:${NT}+|[1-9][0-9]*)?ins(${NT}+)`,
    examples: [['c.876_872delAGGGGinsT', 'c.876_872delinsT'], ['c.112_117delinsTG', 'c.112_117delinsTG'], ['g.32972626_32972627delinsA', 'g.32972626_32972627delinsA']],
    nonExamples: ['c.876_872delAGGGGins'],
    normalize: (m) => `${m[1]}.${m[2]}delins${m[3]}`,
  },
  {
    id: 'hgvs-dna-edit', kind: 'DNAMutation', source: `([cgmnr])\\.(${CPOS}(?:_${CPOS})?)(del|ins|dup|delins|inv)(?:\\s?(${NT}+|[1-9][0-9]*))?`,
    examples: [['c.35delG', 'c.35delG'], ['c.2700_2701delTC', 'c.2700_2701delTC'], ['c.3927_3931del AAAGA', 'c.3927_3931delAAAGA'], ['c.76dupA', 'c.76dupA'], ['c.123_124insA', 'c.123_124insA']],
    nonExamples: ['c.del'],
    normalize: (m) => `${m[1]}.${m[2]}${m[3]}${m[4] ?? ''}`,
  },
  {
    // A DNA edit written without its "c." as the early literature did ("185delAG", "5382insC", "1100delC"): an
    // edit word with its nucleotides after a position of two digits at least.
    id: 'dna-edit-without-prefix', kind: 'DNAMutation', source: `([1-9][0-9]{1,5})(del|ins|dup)(${NT}{1,10})`,
    examples: [['185delAG', 'c.185delAG'], ['5382insC', 'c.5382insC'], ['1100delC', 'c.1100delC']], nonExamples: ['185del', 'delAG', '5del'],
    normalize: (m) => `c.${m[1]}${m[2]}${m[3]}`,
  },
  {
    id: 'dna-substitution-in-words', kind: 'DNAMutation', source: `(${POS})(${NT})\\s?(?:to|→|->)\\s?(${NT})`,
    examples: [['1799T to A', 'c.1799T>A'], ['1796T→A', 'c.1796T>A']], nonExamples: ['from 10 to 20', 'T to A'],
    normalize: (m) => `c.${m[1]}${m[2]}>${m[3]}`,
  },
  {
    // Deletions, duplications, insertions and deletion-insertions of a residue or a range ("p.Phe508del",
    // "p.Glu746_Ala750del", "p.A775_G776insYVMA", "p.Leu747_Pro753delinsSer").
    id: 'hgvs-protein-edit', kind: 'ProteinMutation', source: `p\\.\\(?${residueRange(AA, POS)}(delins|del|dup|ins)(${RESIDUES})?${CLOSE}`,
    examples: [['p.Phe508del', 'p.F508del'], ['p.Glu746_Ala750del', 'p.E746_A750del'], ['p.E746_A750del', 'p.E746_A750del'],
      ['p.A775_G776insYVMA', 'p.A775_G776insYVMA'], ['p.Tyr772_Ala775dup', 'p.Y772_A775dup'], ['p.Leu747_Pro753delinsSer', 'p.L747_P753delinsS'],
      ['p.(Ala767_Val769dup)', 'p.A767_V769dup']],
    nonExamples: ['p.del', 'p.Glu746_del'],
    normalize: (m) => `p.${oneLetter(m[1])}${m[2]}${m[3] ? `_${oneLetter(m[3])}${m[4]}` : ''}${m[5]}${inserted(m[5], m[6])}`,
  },
  {
    // The same written without "p." (EGFR's "E746_A750del", "delE746-A750"): a range of one-letter residues
    // with positions of two digits at least.
    id: 'protein-range-edit', kind: 'ProteinMutation',
    source: `(${ONE})([1-9][0-9]{1,5})[_-](${ONE})([1-9][0-9]{1,5})(delins|del|dup|ins)(${ONE}+)?|del(${ONE})([1-9][0-9]{1,5})[_-](${ONE})([1-9][0-9]{1,5})`,
    examples: [['E746_A750del', 'p.E746_A750del'], ['E746-A750del', 'p.E746_A750del'], ['delE746-A750', 'p.E746_A750del'], ['A767_V769dup', 'p.A767_V769dup'], ['A775_G776insYVMA', 'p.A775_G776insYVMA']],
    nonExamples: ['E746_A750', 'CD4-CD8del'],
    normalize: (m) => m[7] ? `p.${m[7]}${m[8]}_${m[9]}${m[10]}del`
      : `p.${m[1]}${m[2]}_${m[3]}${m[4]}${m[5]}${inserted(m[5], m[6])}`,
  },
  {
    id: 'hgvs-protein-frameshift', kind: 'ProteinMutation', source: `p\\.\\(?(${AA})(${POS})(${AA})?fs(?:\\*|X|Ter)?([1-9][0-9]*)?${CLOSE}`,
    examples: [['p.Gln61fs', 'p.Q61fs'], ['p.G204VfsX28', 'p.G204Vfs*28'], ['p.(Leu123fs)', 'p.L123fs']], nonExamples: ['p.fs'],
    normalize: (m) => `p.${oneLetter(m[1])}${m[2]}${m[3] ? oneLetter(m[3]) : ''}fs${m[4] ? `*${m[4]}` : ''}`,
  },
  {
    id: 'hgvs-protein-substitution', kind: 'ProteinMutation', source: `p\\.\\(?(${AA})(${POS})(${STOP}|${AA})${CLOSE}`,
    examples: [['p.Val600Glu', 'p.V600E'], ['p.V600E', 'p.V600E'], ['p.Lys618Ala', 'p.K618A'], ['p.Arg226X', 'p.R226*'], ['p.(Arg1005*)', 'p.R1005*'], ['p.Gln61Ter', 'p.Q61*']],
    nonExamples: ['p.600'],
    normalize: (m) => `p.${oneLetter(m[1])}${m[2]}${oneLetter(m[3])}`,
  },
  {
    id: 'protein-deletion', kind: 'ProteinMutation', source: `(?:del|Δ)(${ONE})(${POS})|(${ONE})(${POS})del`,
    examples: [['delF508', 'p.F508del'], ['ΔF508', 'p.F508del'], ['F508del', 'p.F508del']], nonExamples: ['delta'],
    normalize: (m) => `p.${m[1] ?? m[3]}${m[2] ?? m[4]}del`,
  },
  {
    id: 'protein-substitution-three-letter', kind: 'ProteinMutation', source: `(${THREE})(${POS})(${THREE}|Ter|stop)`,
    examples: [['Arg72Pro', 'p.R72P'], ['Arg213Ter', 'p.R213*'], ['Glu873stop', 'p.E873*']], nonExamples: ['Arg'],
    normalize: (m) => `p.${oneLetter(m[1])}${m[2]}${oneLetter(m[3])}`,
  },
  {
    id: 'protein-substitution-one-letter', kind: 'ProteinMutation', source: `(${ONE})([1-9][0-9]{1,5})(${ONE}|X|\\*|stop)`,
    examples: [['V600E', 'p.V600E'], ['N372H', 'p.N372H'], ['V244M', 'p.V244M'], ['E873X', 'p.E873*'], ['E873stop', 'p.E873*'], ['G12D', 'p.G12D']],
    nonExamples: ['E2F', 'H1N1', 'CD34', 'IL6', 'SCN5A', 'PIK3CA', 'S100A', 'A549', 'T47D'],
    normalize: (m) => `p.${m[1]}${m[2]}${oneLetter(m[3])}`,
  },
];

export interface VariantMatch {
  start: number;
  end: number;
  text: string;
  kind: VariantKind;
  /** HGVS-like normal form (p.V600E, c.1799T>A, rs3761422). */
  normalized: string;
  pattern: string;
}

/**
 * Names that have the shape of a one-letter substitution but are not variants, each with what it is (tmVar's
 * post-processing keeps such lists; these are the ones met in the corpora here).
 */
export const NOT_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['T47D', 'a breast cancer cell line'],
  ['S100A', 'the S100A protein family'],
  ['C57L', 'a mouse strain'],
]);

/** Letters and digits around a match must not continue it (no match inside "SCN5A" or "mrs123"). */
const WORD_CHAR = /[\p{L}\p{N}]/u;

// The boundaries are in the expression too, so the engine tries the next alternative where one would run into a letter.
const COMPILED = VARIANT_PATTERNS.map((p) => ({ p, re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${p.source})(?![\\p{L}\\p{N}])`, 'gu') }));

/** Every variant in `text`, left to right; where two patterns overlap, the earlier one in VARIANT_PATTERNS wins. */
export function findVariants(text: string): VariantMatch[] {
  const found: VariantMatch[] = [];
  for (const { p, re } of COMPILED) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if ((start > 0 && WORD_CHAR.test(text[start - 1])) || (end < text.length && WORD_CHAR.test(text[end]))) continue;
      if (found.some((f) => f.start < end && start < f.end) || NOT_VARIANTS.has(m[0])) continue;
      found.push({ start, end, text: m[0], kind: p.kind, normalized: p.normalize(m), pattern: p.id });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
