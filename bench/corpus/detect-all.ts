// Every family of the generated detector corpus, in output order.
import { CASE_FAMILIES, type Family } from './detect-cases.ts';
import { INERT_FAMILIES, LOOKALIKE_FAMILIES, MORE_INERT_FAMILIES, PII_FAMILIES } from './detect-pii.ts';

export const ALL_FAMILIES: readonly Family[] = [
  ...CASE_FAMILIES,
  ...PII_FAMILIES,
  ...LOOKALIKE_FAMILIES,
  ...INERT_FAMILIES,
  ...MORE_INERT_FAMILIES,
];

/** FNV-1a 32-bit: a stable hash of the family name decides its half. */
export function splitOf(family: string): 'tune' | 'held' {
  let h = 0x811c9dc5;
  for (let i = 0; i < family.length; i++) {
    h ^= family.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? 'tune' : 'held';
}
