/**
 * The species vocabulary of the lexicon (`species.tsv.gz`, src/linking/lexicon-files.ts) from
 * ../shared/data/lexicons/species: UniProt's species list (scientific, common and synonym names of 26,657 NCBI
 * taxa) with the forms text uses and the conventions species taggers follow (LINNAEUS, SR4GN, PubTator):
 * - a binomial also as "G. species" ("E. coli"), matched with its case, like every scientific name (derived
 *   by the reader, src/linking/species.ts, where the taxon it would name is the claimant);
 * - common names in lower case or with a capital first letter, and their plurals ("mice", "rats");
 * - strain records under their species (559292 "S. cerevisiae S288c" → 4932), a strain's parenthesis cut off;
 * - the words for people ("patients", "women", "children") as human, "murine" as mouse, the model organisms'
 *   genus alone ("Drosophila", "Arabidopsis") and the laboratory's short names ("yeast", "worms");
 * - MeSH 2024's organism headings that name one taxon (julielab_desc2tax), with their entry terms ("HIV-1",
 *   "Human immunodeficiency virus 1", "HIV-I");
 * - no one-word scientific name (a genus or a higher taxon: S800 marks species), no common name that names several taxa ("Moth", "Copepod"), nor one of the English words below, which
 *   in abstracts mostly mean something else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { abbreviated } from '../../src/linking/species.ts';

export interface SpeciesEntry {
  taxId: number;
  name: string;
  /** Forms matched with their case ("Escherichia coli", "E. coli", "HIV-1"). */
  exact: string[];
  /** Forms matched in lower case or with a capital first letter ("mouse", "Mice"). */
  folded: string[];
}

/**
 * Common names that abstracts mostly use in another sense (chosen on S800 train: each of these was tagged
 * there more often wrongly than rightly, or names a food, a body part or a lab reagent).
 */
const NOT_SPECIES = new Set([
  'cat', 'cats', 'bat', 'bats', 'mole', 'moles', 'seal', 'ray', 'rays', 'bass', 'sole', 'swift', 'crow', 'kite', 'jack', 'drum',
  'turkey', 'guinea', 'common', 'golden', 'spot', 'hood', 'cell', 'cells', 'virus', 'viruses', 'phage', 'host', 'hosts',
  'plant', 'plants', 'animal', 'animals', 'fish', 'bird', 'birds', 'insect', 'insects', 'worm', 'tick', 'ticks', 'fly', 'flies',
  'bug', 'bugs', 'mite', 'mites', 'lice', 'louse', 'nematode', 'nematodes', 'bacterium', 'bacteria', 'fungus', 'fungi', 'yeasts',
  'mosquito', 'mosquitoes', 'snail', 'snails', 'spider', 'spiders', 'ant', 'ants', 'bee', 'bees', 'wasp', 'wasps', 'moth',
  'date', 'dates', 'lime', 'olive', 'pepper', 'orange', 'apple', 'cherry', 'plum', 'pea', 'peas', 'bean', 'beans', 'corn',
  'nut', 'nuts', 'tea', 'coffee', 'cotton', 'flax', 'hop', 'hops', 'rape', 'mustard', 'clover', 'grass', 'weed',
  'eel', 'cod', 'carp', 'pike', 'perch', 'trout', 'salmon', 'spots', 'ellipses', 'shrimp', 'crab', 'lobster', 'oyster', 'clam', 'mussel',
  'fox', 'wolf', 'bear', 'deer', 'ox', 'buffalo', 'camel', 'goat', 'lamb', 'calf', 'calves', 'hen', 'hens', 'cock', 'duck',
  'lion', 'tiger', 'monkey', 'monkeys', 'ape', 'apes', 'man', 'person', 'persons', 'people', 'adult', 'adults',
  'tobacco', 'thale', 'rubber', 'wheat', 'oat', 'oats', 'rye',
  // One taxon's common name that names something else in biomedical text (a protein, an assay, an anatomical
  // part, a tag, a dye, a shape) or a whole group: of the one-word names the project's unlabelled abstracts use
  // five times or more, those no species corpus (S800, LINNAEUS: train and devel) annotates (2026-12-08: "spike"
  // was the mussel Eurynia dilatata, "merlin" the falcon, "fossa" Cryptoprocta ferox).
  'spike', 'spikes', 'fossa', 'comet', 'merlin', 'flag', 'doublet', 'doublets', 'violet', 'niger', 'witch', 'arrowhead',
  'drill', 'ling', 'rook', 'ellipse', 'frog', 'frogs', 'flea', 'fleas', 'lizard', 'lizards', 'seaweed', 'cricket',
]);

/** Kept although they are English words: abstracts that use them mean the organism (S800 train). */
const SPECIES_WORDS = new Set(['rice', 'maize', 'tomato', 'potato', 'barley', 'soybean', 'wheat', 'tobacco', 'trout', 'salmon']);

/** Words for people: human (9606), as PubTator and SR4GN tag them (S800 leaves them unannotated). */
export const HUMAN_WORDS = ['patient', 'patients', 'women', 'woman', 'men', 'children', 'child', 'infants', 'infant', 'girls', 'boys', 'humans', 'human'];

/** The model organisms' usual short names and genus-alone forms (taxon: forms matched with case, folded forms). */
const MODEL_ORGANISMS: [number, string[], string[]][] = [
  [10090, [], ['mouse', 'mice', 'murine']],
  [10116, [], ['rat', 'rats']],
  [7227, ['Drosophila', 'D. melanogaster'], ['fruit fly', 'fruit flies', 'fruitfly']],
  [3702, ['Arabidopsis', 'A. thaliana'], []],
  [6239, ['C. elegans', 'Caenorhabditis'], []],
  [4932, ['S. cerevisiae'], ['yeast', 'budding yeast', "baker's yeast"]],
  [4896, ['S. pombe'], ['fission yeast']],
  [7955, ['Danio'], ['zebrafish', 'zebra fish']],
  [8355, ['Xenopus', 'X. laevis'], []],
  [562, ['E. coli'], []],
  [9031, [], ['chicken', 'chickens', 'chick', 'chicks']],
  [9913, [], ['cattle', 'cow', 'cows', 'bovine']],
  [9823, [], ['pig', 'pigs', 'swine', 'porcine']],
  [9615, [], ['dog', 'dogs', 'canine']],
  [9986, [], ['rabbit', 'rabbits']],
  [9940, [], ['sheep', 'ovine']],
  [9796, [], ['horse', 'horses', 'equine']],
  // Crops by their common names, which UniProt gives to a species and its subspecies alike.
  [4530, [], ['rice']],
  [4577, [], ['maize', 'corn']],
  [4081, [], ['tomato', 'tomatoes']],
  [4565, [], ['wheat', 'bread wheat']],
  [4513, [], ['barley']],
  [4097, [], ['tobacco']],
  [4113, [], ['potato', 'potatoes']],
  [3847, [], ['soybean', 'soybeans', 'soya']],
  [9544, [], ['rhesus monkey', 'rhesus monkeys', 'rhesus macaque', 'rhesus macaques']],
];

const STRAIN = /\s+\((?:strain|isolate|subsp|serotype|serovar|cultivar|clone)\b[^)]*\)\s*$/i;

/** English plural of a lower-case common name's last word. */
export function pluralOf(name: string): string {
  const m = /^(.*?)(\S+)$/.exec(name)!;
  const [, head, w] = m;
  const irregular: Record<string, string> = { mouse: 'mice', louse: 'lice', goose: 'geese', man: 'men', woman: 'women', child: 'children', ox: 'oxen', foot: 'feet', tooth: 'teeth' };
  if (irregular[w]) return head + irregular[w];
  if (/(?:fish|sheep|deer|cattle|swine|bison|trout|salmon|s)$/.test(w)) return name;
  if (/[^aeiou]y$/.test(w)) return head + w.slice(0, -1) + 'ies';
  if (/(?:x|ch|sh|z)$/.test(w)) return name + 'es';
  return name + 's';
}


/** A name text matches with its case: a capitalised Latin name, or one with capitals after its first letter or digits ("HIV-1"). */
const isExactForm = (n: string) => /^[A-Z][a-z]+ [a-z]/.test(n) || /\d|.[A-Z]/.test(n);

export function speciesEntries(lexiconsDir: string): SpeciesEntry[] {
  const dir = join(lexiconsDir, 'species');
  const strainOf = new Map<number, number>();
  for (const l of readFileSync(join(dir, 'julielab_reference_species.txt'), 'utf8').split('\n')) {
    const [strain, species] = l.split('\t').map(Number);
    // The file lists a strain's species first; a later pair names a broader taxon.
    if (strain && species && !strainOf.has(strain)) strainOf.set(strain, species);
  }
  const rows = readFileSync(join(dir, 'uniprot_speclist_2021_03.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c.length >= 5);
  const entries = new Map<number, SpeciesEntry>();
  const entry = (taxId: number, name: string) => {
    let e = entries.get(taxId);
    if (!e) entries.set(taxId, (e = { taxId, name, exact: [], folded: [] }));
    return e;
  };
  // Each form names one taxon: the first claim wins, in this order of trust (curated forms, scientific names,
  // common names, synonyms); a common name several taxa claim is dropped.
  const exactOwner = new Map<string, number>();
  const foldedOwner = new Map<string, number>();
  const abbreviationOwner = new Map<string, number>();
  const claim = (owner: Map<string, number>, form: string, taxId: number) => {
    if (!owner.has(form)) owner.set(form, taxId);
  };
  for (const [taxId, exact, folded] of MODEL_ORGANISMS) {
    exact.forEach((f) => claim(exactOwner, f, taxId));
    folded.forEach((f) => claim(foldedOwner, f, taxId));
  }
  HUMAN_WORDS.forEach((f) => claim(foldedOwner, f, 9606));
  // MeSH organism headings with one taxon, and their entry terms (inverted ones, "Virus, Measles", left out).
  const headingTaxa = new Map<string, number[]>();
  for (const l of readFileSync(join(dir, 'julielab_desc2tax'), 'utf8').split('\n')) {
    const [heading, id] = l.split('\t');
    if (id) headingTaxa.set(heading, [...(headingTaxa.get(heading) ?? []), Number(id)]);
  }
  const meshForms: [number, string][] = [];
  for (const l of gunzipSync(readFileSync(join(lexiconsDir, 'mesh-2024/descriptor-terms.tsv.gz'))).toString('utf8').split('\n')) {
    const c = l.split('\t');
    const taxa = headingTaxa.get(c[1]);
    if (taxa?.length !== 1 || !c[4] || c[4].includes(',')) continue;
    meshForms.push([strainOf.get(taxa[0]) ?? taxa[0], c[4]]);
  }
  const scientific = new Map<number, string>();
  for (const [id, , , cls, raw] of rows) {
    if (cls !== 'scientific') continue;
    const taxId = strainOf.get(Number(id)) ?? Number(id);
    const name = raw.replace(STRAIN, '').trim();
    if (Number(id) === taxId || !scientific.has(taxId)) scientific.set(taxId, name);
  }
  // Species before their strains, so "Saccharomyces cerevisiae" is 4932's whichever row comes first.
  const rawScientific = new Map(rows.filter((c) => c[3] === 'scientific').map((c) => [c[0], c[4]]));
  const isStrain = (c: string[]) => Number(strainOf.has(Number(c[0])) || STRAIN.test(rawScientific.get(c[0]) ?? ''));
  const ordered = [...rows].sort((a, b) => isStrain(a) - isStrain(b));
  const claimForm = (name: string, taxId: number) => {
    if (isExactForm(name)) claim(exactOwner, name, taxId);
    else {
      const lower = name.toLowerCase();
      // A word of the list is out with its plural ("spot", "spots").
      if (NOT_SPECIES.has(lower) && !SPECIES_WORDS.has(lower)) return;
      for (const f of [lower, pluralOf(lower)]) if (!NOT_SPECIES.has(f) || SPECIES_WORDS.has(f)) claim(foldedOwner, f, taxId);
    }
  };
  for (const cls of ['scientific', 'mesh', 'common', 'synonym']) {
    if (cls === 'mesh') {
      for (const [taxId, name] of meshForms) if (name.length >= 3 && /\s|\d|[A-Z]{2}/.test(name)) claimForm(name, taxId);
      continue;
    }
    const commonCount = new Map<string, Set<number>>();
    // Among species: strains and isolates share their species' common names ("HCV").
    if (cls === 'common') for (const [id, , , c, n] of rows) if (c === 'common' && !isStrain([id])) commonCount.set(n.toLowerCase(), (commonCount.get(n.toLowerCase()) ?? new Set()).add(strainOf.get(Number(id)) ?? Number(id)));
    for (const [id, , , c, raw] of ordered) {
      if (c !== cls) continue;
      const taxId = strainOf.get(Number(id)) ?? Number(id);
      const name = raw.replace(STRAIN, '').trim();
      if (name.length < 3) continue;
      if (cls === 'scientific' || (cls === 'synonym' && /^[A-Z][a-z]+ [a-z]/.test(name))) {
        if (!/\s/.test(name)) continue; // a genus or a higher taxon
        claim(exactOwner, name, taxId);
        // Its "G. species" form is claimed here but derived when the file is read (species.ts), unless
        // another taxon claims it: a quarter of the file's forms are these.
        const short = abbreviated(name);
        if (short) claim(abbreviationOwner, short, taxId);
        continue;
      }
      if (isStrain([id]) || (commonCount.get(name.toLowerCase())?.size ?? 1) > 1) continue;
      claimForm(name, taxId);
    }
  }
  const nameOf = (taxId: number) => scientific.get(taxId) ?? String(taxId);
  // An abbreviation the reader would derive for another taxon (the first binomial of it in the file) than
  // the one that claimed it is written out.
  const derived = new Map<string, number>();
  for (const [f, t] of [...exactOwner].sort((a, b) => a[1] - b[1])) {
    const short = abbreviated(f);
    if (short && !derived.has(short)) derived.set(short, t);
  }
  for (const [f, t] of abbreviationOwner) if (!exactOwner.has(f) && derived.get(f) !== t) claim(exactOwner, f, t);
  for (const [f, t] of exactOwner) entry(t, nameOf(t)).exact.push(f);
  for (const [f, t] of foldedOwner) entry(t, nameOf(t)).folded.push(f);
  return [...entries.values()].sort((a, b) => a.taxId - b.taxId);
}
