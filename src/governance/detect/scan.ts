// Shared machinery for detector families. A family declares case-insensitive keywords (matched at
// word starts by ONE shared pass per text, see trigger.ts) and/or a `scan` for triggers that are
// not words (punctuation, digits). Handlers only look at small windows around a hit, so each
// family costs one pass over the text at most and pathological inputs stay linear.
import type { Category, Risk } from '../model.ts';
import type { Finding } from './types.ts';

/** Findings kept per code per text. */
export const MAX_FINDINGS_PER_CODE = 500;

const ADVICE: ReadonlySet<Category> = new Set(['permission', 'destructive', 'injection']);
/** Markup and hidden text are what they are, whatever the words before them. */
const UNNEGATABLE: ReadonlySet<string> = new Set([
  'injection.hidden_comment',
  'injection.tool_markup',
  'injection.hidden_text',
]);
/**
 * A negation or a quotation just before, in the same clause: "never run", "don't paste", "not
 * --privileged", "no org-wide sharing", "lines like \"…\"". Not "don't forget to" or "never mind,".
 */
const NEGATION =
  /(?:\b(?:not|never|don'?t|do\s+not|does\s+not|doesn'?t|avoid|instead\s+of|rather\s+than|without|no)\b(?!\s+(?:forget|hesitate|only|just|mind|matter|problem|worries))[^.!?\n;,:]{0,30}|\b(?:like|such\s+as|e\.g\.|for\s+example)\s*["'“‘`]\s*)$/i;

export function negated(text: string, start: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, start - 48), start));
}

/** Per-text state of one family; keys are namespaced by family ('secret.keys'). */
class LazyMap<V> {
  private map: Map<string, V> | null = null;
  get(key: string): V | undefined {
    return this.map?.get(key);
  }
  set(key: string, value: V): void {
    this.map ??= new Map();
    this.map.set(key, value);
  }
}

// Maps are created on first use: most texts produce no state and no findings, and a context is
// created for every message (and for every decoded run or split window inside one).
export class ScanContext {
  readonly findings: Finding[] = [];
  /** Family-private state that lives for one text (e.g. counters for bulk data). */
  readonly state = new LazyMap<unknown>();
  private sentence: [number, number] = [-1, -1];
  private perCode = new LazyMap<number>();
  private memos = new LazyMap<{ at: number; value: unknown }>();

  constructor(readonly text: string) {}

  add(f: Finding): void {
    // A flood of identical findings (100k copies of `0.0.0.0/0`) tells a reviewer nothing more
    // than the first few hundred and would cost time and memory downstream.
    const n = this.perCode.get(f.code) ?? 0;
    if (n >= MAX_FINDINGS_PER_CODE) return;
    // Advice against something ("never run `terraform destroy`", "not --privileged", lines *like*
    // "ignore previous instructions") is not that advice. Secrets and personal data stay findings.
    if (ADVICE.has(f.category) && !UNNEGATABLE.has(f.code) && negated(this.text, f.span[0])) return;
    this.perCode.set(f.code, n + 1);
    this.findings.push(f);
  }

  /**
   * Remembers the last result of `compute` under `key` for position `at` (usually a sentence
   * start): repeated hits in one sentence evaluate it once.
   */
  memo<T>(key: string, at: number, compute: () => T): T {
    const hit = this.memos.get(key);
    if (hit && hit.at === at) return hit.value as T;
    const value = compute();
    this.memos.set(key, { at, value });
    return value;
  }

  /** True once `code` has MAX_FINDINGS_PER_CODE findings: callers can skip costly checks. */
  saturated(code: string): boolean {
    return (this.perCode.get(code) ?? 0) >= MAX_FINDINGS_PER_CODE;
  }

  /** Keeps only the findings that pass `keep`, in place. */
  retain(keep: (f: Finding) => boolean): void {
    let w = 0;
    for (const f of this.findings) if (keep(f)) this.findings[w++] = f;
    this.findings.length = w;
  }

  /**
   * The sentence or line around `at`, at most `limit` code units each side. Cached so many hits in
   * one sentence scan it once (keeps 'everyone everyone …' linear).
   */
  sentenceAt(at: number, limit = 240): [number, number] {
    const [s0, e0] = this.sentence;
    if (at >= s0 && at < e0) return this.sentence;
    const t = this.text;
    let s = at;
    const minS = Math.max(0, at - limit);
    while (s > minS) {
      const c = t.charCodeAt(s - 1);
      if (c === 10 || ((c === 46 || c === 33 || c === 63) && isSpaceCode(t.charCodeAt(s)))) break;
      s--;
    }
    let e = at;
    const maxE = Math.min(t.length, at + limit);
    while (e < maxE) {
      const c = t.charCodeAt(e);
      if (c === 10) break;
      e++;
      if ((c === 46 || c === 33 || c === 63) && (e >= t.length || isSpaceCode(t.charCodeAt(e)))) break;
    }
    this.sentence = [s, e];
    return this.sentence;
  }
}

export interface Family {
  readonly category: Category;
  /** Lowercase keyword → handler. A keyword must start at a word boundary; case is not checked. */
  readonly keywords?: Readonly<Record<string, KeywordHandler>>;
  /**
   * Keywords that may also start inside an identifier: after `_` or at a camelCase hump
   * (`db_password`, `clientSecret`). Same matching otherwise.
   */
  readonly nameKeywords?: Readonly<Record<string, KeywordHandler>>;
  /** Triggers that are not keywords; runs once per text. */
  scan?(ctx: ScanContext): void;
  /** Called once after all triggers, for findings that aggregate several hits. */
  finish?(ctx: ScanContext): void;
  /** Adjusts a finding whose span was mapped back from a normalized view (e.g. recompute `value`). */
  remap?(f: Finding, original: string): void;
}

/** `at` is where the keyword starts in ctx.text; `end` where the matched keyword ends. */
export type KeywordHandler = (ctx: ScanContext, at: number, end: number) => void;

/** Registers `handler` for `word` in `table`, after any handler already there. */
export function addKeyword(
  table: Record<string, KeywordHandler>,
  word: string,
  handler: KeywordHandler,
): void {
  const prev = table[word];
  table[word] = prev
    ? (ctx, at, end) => {
        prev(ctx, at, end);
        handler(ctx, at, end);
      }
    : handler;
}

export function finding(
  code: string,
  category: Category,
  severity: Risk,
  message: string,
  start: number,
  end: number,
  extra?: Pick<Finding, 'value' | 'blocking'>,
): Finding {
  const f: Finding = { code, category, severity, message, span: [start, end] };
  if (extra?.value !== undefined) f.value = extra.value;
  if (extra?.blocking) f.blocking = true;
  return f;
}

/**
 * A 128-entry membership table for ASCII character classes; `'a-z0-9_'` style ranges. Hot loops
 * test `inSet(table, code)` instead of calling a regex per character.
 */
export function charSet(spec: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    const from = spec.charCodeAt(i);
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      const to = spec.charCodeAt(i + 2);
      for (let c = from; c <= to; c++) table[c] = 1;
      i += 2;
    } else table[from] = 1;
  }
  return table;
}

export const inSet = (table: Uint8Array, code: number): boolean => code < 128 && table[code] === 1;

export const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** [A-Za-z0-9_] */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Runs a sticky regex at `at`; returns the match or null. The regex must have the `y` flag. */
export function stickyAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Shows enough of a secret to recognise it, never the whole value. */
export function mask(secret: string): string {
  const n = secret.length;
  if (n <= 8) return `${'*'.repeat(n)} (${n} chars)`;
  const head = secret.slice(0, Math.min(6, Math.floor(n / 4)));
  return `${head}… (${n} chars)`;
}

const counts = new Int32Array(128);
/** c·log2(c) for small counts: entropy = log2(n) − Σ c·log2(c) / n, one table read per symbol. */
const C_LOG_C = new Float64Array(1025);
for (let c = 1; c < C_LOG_C.length; c++) C_LOG_C[c] = c * Math.log2(c);
const cLogC = (c: number): number => (c < C_LOG_C.length ? (C_LOG_C[c] ?? 0) : c * Math.log2(c));

/** Shannon entropy in bits per character (non-ASCII characters are pooled in one bucket). */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) counts[c] = (counts[c] ?? 0) + 1;
    else other++;
  }
  let sum = cLogC(other);
  // Visit only the characters present (and reset their counts for the next call).
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) continue;
    const k = counts[c] ?? 0;
    if (k === 0) continue;
    counts[c] = 0;
    sum += cLogC(k);
  }
  return Math.log2(n) - sum / n;
}
