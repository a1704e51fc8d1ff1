/** Okabe–Ito colour-blind-safe palette; known types keep fixed colours, others take the rest in order. */
const FIXED: Record<string, string> = { Gene: '#56B4E9', Chemical: '#E69F00', Disease: '#CC79A7', Variant: '#D55E00', Species: '#009E73' };
const REST = ['#F0E442', '#0072B2', '#999999'];

export function typeColor(type: string, allTypes: readonly string[]): string {
  if (FIXED[type]) return FIXED[type];
  const others = allTypes.filter((t) => !FIXED[t]);
  return REST[Math.max(0, others.indexOf(type)) % REST.length];
}
