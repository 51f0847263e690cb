// Bounded decoding of encoded runs (base64/base64url, hex, `\xNN` escapes, percent-encoding) so a
// secret or an instruction cannot hide behind an encoding. Limits: each run decodes at most
// MAX_RUN_CHARS of input, at most MAX_RUNS runs per text, and only printable results are returned.

import { charSet, inSet } from '../scan.ts';
import { longRuns } from './runs.ts';

export type EncodingKind = 'base64' | 'hex' | 'percent';

export interface DecodedRun {
  /** [start, end) of the encoded run in the scanned text. */
  readonly start: number;
  readonly end: number;
  readonly kind: EncodingKind;
  readonly decoded: string;
}

export const MAX_RUN_CHARS = 4096;
export const MAX_RUNS = 16;
/** Decode attempts (printable or not) per text: bounds the work on walls of random base64. */
const MAX_ATTEMPTS = 256;
const MIN_RUN = 24;

/** Printable ASCII (plus tab/newline) for at least 90% of the text: decoded text, not binary. */
function isPrintable(s: string): boolean {
  if (s.length < 8) return false;
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13)) bad++;
  }
  return bad <= s.length * 0.1;
}

/**
 * Base64 of 7-bit text: the first character of every 4-character group encodes a byte's top six
 * bits, so it is below 32 (`A`-`Z`, `a`-`f`). Checked on up to 14 groups after an 8-character
 * allowance for a prefix, in all four alignments: long identifiers fail within a group or two.
 */
function looksLikeBase64Text(run: string): boolean {
  const limit = Math.min(run.length, 64);
  for (let phase = 0; phase < 4; phase++) {
    let ok = true;
    for (let k = 8 + phase; k + 4 <= limit; k += 4) {
      const c = run.charCodeAt(k);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 102))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function decodeRun(run: string): { kind: EncodingKind; decoded: string } | null {
  const body = run.replace(/=+$/, '');
  if (body.length >= 32 && body.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(body)) {
    const hex = Buffer.from(body, 'hex').toString('latin1');
    return isPrintable(hex) ? { kind: 'hex', decoded: hex } : null;
  }
  if (!looksLikeBase64Text(body) || !/[A-Z]/.test(body) || !/[a-z0-9]/.test(body)) return null;
  // Check a small prefix first: images and other binary blobs are rejected after ~48 bytes.
  const url = body.includes('-') || body.includes('_');
  const enc = url ? 'base64url' : 'base64';
  const head = Buffer.from(body.slice(0, 64), enc).toString('latin1');
  if (!isPrintable(head)) return null;
  const full = Buffer.from(body.slice(0, MAX_RUN_CHARS - (MAX_RUN_CHARS % 4)), enc).toString('latin1');
  return isPrintable(full) ? { kind: 'base64', decoded: full } : null;
}

/** Long base64/hex runs (shared sampled pass, see runs.ts), decoded when printable. */
function scanRuns(text: string, out: DecodedRun[], skip: readonly (readonly [number, number])[]): void {
  const runs = longRuns(text);
  let attempts = 0;
  for (let k = 0; k < runs.length && out.length < MAX_RUNS && attempts < MAX_ATTEMPTS; k += 2) {
    const s = runs[k]!;
    const e = runs[k + 1]!;
    if (e - s < MIN_RUN || (skip.length > 0 && skip.some(([a, b]) => a <= s && e <= b))) continue;
    attempts++;
    const decoded = decodeRun(text.slice(s, Math.min(e, s + MAX_RUN_CHARS)));
    if (decoded) out.push({ start: s, end: e, ...decoded });
  }
}

const HEX_ESCAPES = /(?:\\x[0-9a-fA-F]{2}){8,2048}/y;

function scanHexEscapes(text: string, out: DecodedRun[]): void {
  for (let i = text.indexOf('\\x'); i !== -1 && out.length < MAX_RUNS; i = text.indexOf('\\x', i + 2)) {
    HEX_ESCAPES.lastIndex = i;
    const m = HEX_ESCAPES.exec(text);
    if (!m) continue;
    const decoded = Buffer.from(m[0].replace(/\\x/g, ''), 'hex').toString('latin1');
    if (isPrintable(decoded)) out.push({ start: i, end: i + m[0].length, kind: 'hex', decoded });
    i += m[0].length - 2;
  }
}

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-]){12,4096}/y;
const URL_CHAR = charSet('A-Za-z0-9._~+-');

function scanPercent(text: string, out: DecodedRun[]): void {
  let after = 0;
  for (
    let i = text.indexOf('%');
    i !== -1 && out.length < MAX_RUNS;
    i = text.indexOf('%', Math.max(i + 1, after))
  ) {
    let s = i;
    while (s > 0 && i - s < 64 && inSet(URL_CHAR, text.charCodeAt(s - 1))) s--;
    PERCENT_RUN.lastIndex = s;
    const m = PERCENT_RUN.exec(text);
    if (!m) continue;
    after = s + m[0].length;
    const escapes = m[0].split('%').length - 1;
    if (escapes < 4) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(m[0]);
    } catch {
      decoded = m[0].replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) =>
        String.fromCharCode(Number.parseInt(h, 16)),
      );
    }
    if (decoded !== m[0] && isPrintable(decoded))
      out.push({ start: s, end: after, kind: 'percent', decoded });
  }
}

/**
 * All printable decoded runs in `text`, at most MAX_RUNS. Runs inside `skip` spans (secrets already
 * found, e.g. a private key or JWT whose segments are base64 too) are not decoded.
 */
export function findEncodedRuns(
  text: string,
  skip: readonly (readonly [number, number])[] = [],
): DecodedRun[] {
  const out: DecodedRun[] = [];
  scanRuns(text, out, skip);
  if (text.includes('\\x')) scanHexEscapes(text, out);
  if (text.includes('%')) scanPercent(text, out);
  return out;
}
