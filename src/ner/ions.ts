/**
 * Ions written as an element symbol with its charge: "Ca2+", "Ca²⁺", "Zn(2+)", "Fe³⁺", "K⁺", "Cl−". The tagger
 * learnt them from text that writes "Ca(2+)", with the charge split off; written as one word with superscripts
 * it can read "Cu²⁺" as a gene (then linked to a gene that has "CU2" as a synonym). Every corpus here annotates
 * ions as chemicals, and BC5CDR links them to their element ("Ca" → Calcium, "K" → Potassium), so such a span is
 * a Chemical and links as its element.
 */
import type { EntitySpan } from './span.ts';

/** The elements abstracts write as ions (metals and halogens mostly), by symbol: their English names. */
const ELEMENT_NAMES: Record<string, string> = {
  H: 'hydrogen', Li: 'lithium', Na: 'sodium', K: 'potassium', Rb: 'rubidium', Cs: 'cesium', Be: 'beryllium',
  Mg: 'magnesium', Ca: 'calcium', Sr: 'strontium', Ba: 'barium', Al: 'aluminum', Ga: 'gallium', Tl: 'thallium',
  Zn: 'zinc', Cd: 'cadmium', Hg: 'mercury', Cu: 'copper', Ag: 'silver', Au: 'gold', Fe: 'iron', Co: 'cobalt',
  Ni: 'nickel', Mn: 'manganese', Cr: 'chromium', Pb: 'lead', Sn: 'tin', Pt: 'platinum', Gd: 'gadolinium',
  La: 'lanthanum', F: 'fluorine', Cl: 'chlorine', Br: 'bromine', I: 'iodine',
};

/** The symbol, then an optional count and the sign, as plain text, in parentheses, or as superscripts. */
const ION = new RegExp(`^(${Object.keys(ELEMENT_NAMES).sort((a, b) => b.length - a.length).join('|')})(?:\\(\\d?[+−-]\\)|\\d?[+−-]|[¹²³]?[⁺⁻])$`, 'u');

/** The element of an ion written with its charge ("Ca²⁺" → Ca, calcium), else null. */
export function ionElement(text: string): { symbol: string; name: string } | null {
  const symbol = ION.exec(text)?.[1];
  return symbol ? { symbol, name: ELEMENT_NAMES[symbol] } : null;
}

/** The English name of the element `symbol` stands for ("K" → potassium), else undefined. */
export function elementName(symbol: string): string | undefined {
  return Object.hasOwn(ELEMENT_NAMES, symbol) ? ELEMENT_NAMES[symbol] : undefined;
}

/** Gene and Disease spans that are ions, as Chemical spans. */
export function withIonsAsChemicals(spans: readonly EntitySpan[]): EntitySpan[] {
  return spans.map((s) => ((s.type === 'Gene' || s.type === 'Disease') && ionElement(s.text) ? { ...s, type: 'Chemical' } : s));
}
