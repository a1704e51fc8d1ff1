/**
 * Name normalisation for dictionary linking, applied alike to a lexicon's names (at build time) and to
 * mentions (in the app), so both meet on the same key. What it folds, as dictionary linkers in this field do
 * (e.g. the normalisation steps of DNorm, TaggerOne and BioSyn's preprocessing):
 * - case, accents and compatibility forms (NFKD);
 * - Greek letters into their spelled names ("TNF-α" and "TNF-alpha"; "β-blocker" and "beta blocker");
 * - punctuation, hyphens and spaces (every run of them is one word break; `compactKey` drops breaks entirely,
 *   so "IL-6", "IL 6" and "IL6" meet);
 * - roman numerals into arabic ones ("type II" and "type 2");
 * - plural into singular by the regular English endings (the same on both sides, so a rough rule does no harm);
 * - stop words ("of", "the", "in", …);
 * - word order: the key is the sorted bag of words, so MeSH's inverted forms ("Arthritis, Rheumatoid") meet
 *   the running-text order ("rheumatoid arthritis").
 */

const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota',
  κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', ο: 'omicron', π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma',
  τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega', µ: 'mu',
};

const ROMAN: Record<string, string> = {
  i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10', xi: '11', xii: '12',
  xiii: '13', xiv: '14', xv: '15', xvi: '16', xvii: '17', xviii: '18', xix: '19', xx: '20',
};

const STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', 'nos']);

/** Singular of a word, by the regular English endings only; short words and Latin -us/-is endings are kept. */
export function singular(w: string): string {
  // Every ending below ends in "s": a word that does not is its own singular (the common case, without a regex).
  if (w.length <= 3 || w.charCodeAt(w.length - 1) !== 115 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(?:ss|us|is|ous)$/.test(w)) return w;
  if (/(?:ches|shes|sses|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/** Lower-cased, accent-free text with Greek letters spelled out; every other character is kept. */
function fold(text: string): string {
  // A possessive "'s" is no word of the name ("Parkinson's disease" = "Parkinson Disease").
  const bare = text.replace(/['’`]s\b/gi, '');
  // ASCII has no accents, compatibility forms or Greek letters: lower case is all (most names, and fast).
  if (/^[\x00-\x7f]*$/.test(bare)) return bare.toLowerCase();
  let out = '';
  for (const ch of bare.normalize('NFKD').toLowerCase()) {
    if (/\p{M}/u.test(ch)) continue;
    const g = GREEK[ch];
    out += g ? ` ${g} ` : ch;
  }
  return out;
}

/** British spellings folded into American ones, the same on both sides: "anaemia", "oedema", "tumour(s)", "haem", "homologue". */
function americanSpelling(w: string): string {
  if (w.length < 5) return w === 'haem' ? 'heme' : w;
  return w.replace(/ae/g, 'e').replace(/oe/g, 'e').replace(/our(s?)$/, 'or$1').replace(/(?<=log)ue(s?)$/, '$1');
}

/** The words of a name after folding: letters and digits, split at everything else. */
export function nameWords(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(americanSpelling);
}

/** The dictionary key of a name: its normalised words without stop words, sorted, joined by spaces. */
export function nameKey(text: string): string {
  return remembered(nameKeys, text, () => keyOfWords(nameWords(text)));
}

/**
 * Keys already computed: the linker asks for the same names again and again (each name variant in several
 * tables, every text's common words). Bounded; cleared when full.
 */
const nameKeys = new Map<string, string>();
const compactKeys = new Map<string, string>();

function remembered(cache: Map<string, string>, text: string, make: () => string): string {
  let k = cache.get(text);
  if (k === undefined) {
    if (cache.size >= 20_000) cache.clear();
    cache.set(text, (k = make()));
  }
  return k;
}

/** `nameKey` of a name already split by `nameWords` (the lexicon files store names so). */
export function keyOfWords(words: readonly string[]): string {
  return keyTokens(words).sort().join(' ');
}

/** The words a key is made of, in the name's order: each normalised, stop words left out (`keyOfWords` sorts and joins them). */
export function keyTokens(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const n = ROMAN[w] ?? singular(w);
    if (!STOP_WORDS.has(n)) out.push(n);
  }
  return out;
}

/** Words for neoplasms that MeSH files under "Neoplasms" ("prostate carcinoma" is Prostatic Neoplasms). */
const NEOPLASM = new Set(['cancer', 'carcinoma', 'tumor', 'neoplasm', 'neoplasia', 'malignancy']);
const SUFFIXES = ['ical', 'ic', 'al', 'ous', 'ia', 'y', 'e'];

/** A crude stem: one adjective or noun ending off a word of 6 letters or more ("prostatic", "prostate"). */
export function stem(w: string): string {
  if (NEOPLASM.has(w)) return 'neoplasm';
  if (w.length < 6 || !/^[a-z]+$/.test(w)) return w;
  // Greek adjectives onto their nouns: "psychotic" / "psychosis", "cataleptic" / "catalepsy".
  w = w.replace(/otic$/, 'osis').replace(/eptic$/, 'epsy');
  for (const suf of SUFFIXES) if (w.endsWith(suf)) return w.slice(0, -suf.length);
  return w;
}

/**
 * Words that only say "a disorder": the loose key leaves them out where other words remain, so "headache
 * disorders" meets "Headache" and "Krabbe disease" meets "Krabbe syndrome" (the disorder-synonym sieve of
 * D'Souza & Ng, 2015). The linker's head step never links a head made only of these (or of its other generic
 * words).
 */
export const DISORDER_WORDS: ReadonlySet<string> = new Set(['disease', 'disorder', 'syndrome', 'illness', 'condition']);

/**
 * The loose key: `keyOfWords` without generic disorder words, each word stemmed; the linker's last dictionary
 * lookup before similarity.
 */
export function looseKeyOfWords(words: readonly string[]): string {
  let out = keyOfWords(words).split(' ').filter(Boolean);
  const specific = out.filter((w) => !DISORDER_WORDS.has(w));
  if (specific.length) out = specific;
  out = out.map(stem);
  return [...new Set(out)].sort().join(' ');
}

/** The name's letters and digits in order, folded, with no breaks: "IL-6" = "IL 6" = "il6". */
export function compactKey(text: string): string {
  return remembered(compactKeys, text, () => nameWords(text).join(''));
}
