/**
 * Words that tell a text's species without naming it, for the species of its genes only (they are no Species
 * spans: no species corpus marks them): the commonest cell lines and laboratory strains of human, mouse, rat
 * and dog. "IEC-6 crypt cells" are rat cells, "C57BL/6 mice" mouse, "HEK293T cells" human. GNormPlus reads cell
 * lines for the same purpose (Wei et al. 2015); the list here is general knowledge, kept to names that are no
 * English words or gene symbols. Pure TypeScript.
 */
import { HUMAN_TAXON, MOUSE_TAXON, type SpeciesMention } from './species.ts';

const RAT = 10116;
const DOG = 9615;

/** Each taxon's cue names, as regular-expression sources (matched at word edges, case as written). */
const CUES: [number, string[]][] = [
  [HUMAN_TAXON, [
    'HeLa', 'HEK[- ]?293[A-Z]*', '293T', 'MCF-?7', 'MCF-?10A', 'MDA-MB-\\d+', 'A549', 'HepG2', 'Hep3B', 'Huh-?7(?:\\.5)?', 'Jurkat',
    'U-?2 ?OS', 'HCT-?116', 'SH-SY5Y', 'THP-1', 'K562', 'HL-60', 'U937', 'HT-?29', 'Caco-2', 'SW480', 'SW620', 'LNCaP', 'DU145',
    'HUVECs?', 'T47D', 'Saos-2', 'U87(?:MG)?', 'U251', 'HaCaT', 'BEAS-2B', 'A375', 'SK-N-SH', 'IMR-?90', 'WI-?38',
    'HeLa S3', 'Hep ?G2', 'PANC-1', 'MIA PaCa-2', 'OVCAR-?3', 'SKOV-?3', 'Ishikawa', 'RPE-1', 'ARPE-19', 'HMEC-1',
    '(?:NCI-)?H1299', 'H1975', 'HCC827', 'NCI-H\\d{3,4}', 'H460', 'Calu-?3', 'SK-BR-?3', 'BT-?474', 'A431', 'DLD-1', 'LoVo', 'RKO',
    'MG-63', 'Raji', 'Daudi', 'MOLM-13', 'MV4-11', 'Kasumi-1', 'OCI-AML3', '22Rv1', 'VCaP',
  ]],
  [MOUSE_TAXON, [
    'NIH[- ]?3T3', '3T3-L1', 'RAW ?264\\.7', 'C2C12', 'Neuro-?2a', 'N2a', 'B16(?:-?F10)?', '4T1', 'CT26', 'Hepa ?1-6', 'MC3T3-E1',
    'J774(?:A\\.1)?', 'BV-?2', 'EL4', 'L929', 'NSC-34', 'Ba/F3', 'MIN6', 'mIMCD-3', 'C57BL/6[JN]?', 'C57BL/10', 'BALB/c', 'C3H(?:/He[JN])?',
    'DBA/2[J]?', '129/Sv[A-Za-z]*', 'FVB(?:/N)?', 'db/db', 'ob/ob', 'NOD/SCID', 'SAMP8', 'APP/PS1', 'MEFs?',
  ]],
  [RAT, ['PC-?12', 'H9c2', 'IEC-6', 'INS-1E?', 'RINm5F', 'NRK(?:-52E)?', 'A7r5', 'Sprague[- ]Dawley', 'Wistar(?: Kyoto)?', 'F344', 'Fischer 344', 'Long[- ]Evans', 'Zucker', 'WKY']],
  [DOG, ['MDCK(?:-II)?']],
];

/** One pattern, a named group per taxon, at word edges. */
const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${CUES.map(([, names], i) => `(?<t${i}>${names.join('|')})`).join('|')})(?![\\p{L}\\p{N}])`, 'gu');

/** Every cue in `text`, as species mentions of the taxon each tells, left to right. */
export function speciesCues(text: string): SpeciesMention[] {
  const out: SpeciesMention[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const i = CUES.findIndex((_, k) => m.groups![`t${k}`] !== undefined);
    out.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], taxId: CUES[i][0] });
  }
  return out;
}

/**
 * A species named as a laboratory tool, not as the organism the genes come from: "yeast two-hybrid" screens
 * human proteins, "Xenopus oocytes" express a cloned gene of another species.
 */
const TOOL_AFTER = /^[\s-]*(?:(?:two|one|three|[123])[\s-]*hybrid|(?:laevis\s+)?oocytes?\b)/i;

export function namesLaboratoryTool(text: string, m: SpeciesMention): boolean {
  return TOOL_AFTER.test(text.slice(m.end, m.end + 24));
}
