// What every detector returns. The classifier (governance/classify.ts) turns findings into reasons,
// dropping the ones the request or context made acceptable (a supplied link, a requested @here).
import type { Category, Risk } from '../model.ts';

export interface Finding {
  /** Stable dotted code, e.g. `secret.aws_access_key`, `pii.payment_card`, `link.unrequested`. */
  code: string;
  category: Category;
  /** How bad this finding is on its own, before audience weighting. */
  severity: Risk;
  /** Reviewer-readable; never repeats a secret in full (mask it). */
  message: string;
  /** [start, end) UTF-16 offsets into the ORIGINAL text (after mapping back from normalization). */
  span: [number, number];
  /**
   * The matched value, normalized, where the classifier needs it to compare with the request:
   * the URL for links, the mention token for broadcasts, the principal for permission findings.
   * Never set for secrets or personal data.
   */
  value?: string;
  /** True for content that can never go out as it stands (a live private key or credential). */
  blocking?: boolean;
  /**
   * How the content was hidden when the detector only saw it after normalization: lookalike or
   * invisible Unicode, an encoded run (base64, hex, percent), or a value split across lines/literals.
   */
  evasion?: Evasion;
}

export type Evasion = 'unicode' | 'base64' | 'hex' | 'percent' | 'split';

export interface DetectOptions {
  /** Skip detectors by category (e.g. the MCP proxy only wants secret and pii on tool results). */
  only?: ReadonlyArray<Category>;
}

export type Detector = (text: string, opts?: DetectOptions) => Finding[];
