/**
 * Entity type names used by the common corpora and tools, mapped onto the app's three types. Anything not
 * listed is kept as the file wrote it but left out of scoring (and reported as ignored).
 */
const TYPE_MAP: Record<string, string> = {
  chemical: 'Chemical',
  simplechemical: 'Chemical',
  chemicalentity: 'Chemical',
  drug: 'Chemical',
  disease: 'Disease',
  diseaseorphenotypicfeature: 'Disease',
  specificdisease: 'Disease',
  diseaseclass: 'Disease',
  compositemention: 'Disease',
  modifier: 'Disease',
  gene: 'Gene',
  geneorgeneproduct: 'Gene',
  gene_or_gene_product: 'Gene',
  protein: 'Gene',
  species: 'Species',
  organism: 'Species',
  // tmVar's, PubTator's and Variome's names for sequence variants.
  variant: 'Variant',
  sequencevariant: 'Variant',
  mutation: 'Variant',
  dnamutation: 'Variant',
  proteinmutation: 'Variant',
  snp: 'Variant',
};

/** Our type for a file's type name (case and separators ignored), or null. */
export function mapType(name: string): string | null {
  const key = name.toLowerCase().replace(/[\s-]/g, '');
  return TYPE_MAP[key] || null;
}
