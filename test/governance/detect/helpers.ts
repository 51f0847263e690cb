// Small helpers shared by the detector tests.
import type { Finding } from '../../../src/governance/detect/index.ts';

/** The original text each finding points at. */
export const slices = (text: string, findings: readonly Finding[]): string[] =>
  findings.map((f) => text.slice(f.span[0], f.span[1]));

export const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

/** The findings whose span covers `needle` (first occurrence) in `text`. */
export function covering(text: string, findings: readonly Finding[], needle: string): Finding[] {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`"${needle}" is not in the text`);
  return findings.filter((f) => f.span[0] <= at && at + needle.length <= f.span[1]);
}
