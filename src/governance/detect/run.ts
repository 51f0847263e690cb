// Runs detector families over one text: normalize (Unicode evasion), scan the view, map spans back
// to the original, then scan what evasion hid (decoded runs, split values) and merge.
import type { Category } from '../model.ts';
import { type DecodedRun, findEncodedRuns } from './normalize/decode.ts';
import { findSplitWindows } from './normalize/split.ts';
import { normalizeUnicode } from './normalize/unicode.ts';
import { type TextView, toOriginal } from './normalize/view.ts';
import { type Family, finding, ScanContext } from './scan.ts';
import { runKeywords } from './trigger.ts';
import type { DetectOptions, Detector, Finding } from './types.ts';

/** Scans `text` as is (no normalization); spans are offsets into `text`. */
export function scanText(text: string, families: readonly Family[]): Finding[] {
  const ctx = new ScanContext(text);
  runKeywords(ctx, families);
  for (const f of families) f.scan?.(ctx);
  for (const f of families) f.finish?.(ctx);
  return ctx.findings;
}

// Stable array identities per subset, so the keyword trie compiled for a subset is built once.
const subsets = new WeakMap<readonly Family[], Map<string, readonly Family[]>>();
/** The subsets the evasion stages ask for on every call: looked up by identity, no key string. */
const SECRET_AND_INJECTION: readonly Category[] = ['secret', 'injection'];
const SECRET_ONLY: readonly Category[] = ['secret'];
const fixedSubsets = new WeakMap<readonly Family[], Map<readonly Category[], readonly Family[]>>();

function fixedSubset(families: readonly Family[], only: readonly Category[]): readonly Family[] {
  let byArray = fixedSubsets.get(families);
  if (!byArray) {
    byArray = new Map();
    fixedSubsets.set(families, byArray);
  }
  let chosen = byArray.get(only);
  if (!chosen) {
    chosen = select(families, only);
    byArray.set(only, chosen);
  }
  return chosen;
}

function select(families: readonly Family[], only: ReadonlyArray<Category> | undefined): readonly Family[] {
  if (!only) return families;
  let byKey = subsets.get(families);
  if (!byKey) {
    byKey = new Map();
    subsets.set(families, byKey);
  }
  // Keyed by the categories asked for (callers pass the same few lists), not by the result.
  const key = only.join(',');
  let chosen = byKey.get(key);
  if (!chosen) {
    chosen = families.filter((f) => only.includes(f.category));
    byKey.set(key, chosen);
  }
  return chosen;
}

const NAME_OR_CONNECTOR = /[A-Za-z0-9_.\-"' :=]/;

/** Did normalization change the key name just before a value (`DB_PАSSWORD=`, `api_\u200bkey=`)? */
function nameHidden(view: TextView, original: string, vs: number): boolean {
  let ns = vs;
  while (ns > 0 && vs - ns < 64 && NAME_OR_CONNECTOR.test(view.text.charAt(ns - 1))) ns--;
  if (ns === vs) return false;
  const [os, oe] = toOriginal(view, ns, vs);
  return original.slice(os, oe) !== view.text.slice(ns, vs);
}

/** Maps a finding of the normalized view back to the original, in place (findings are ours). */
function mapFinding(f: Finding, view: TextView, original: string, families: readonly Family[]): Finding {
  if (!view.map) return f;
  const [vs, ve] = f.span;
  f.span = toOriginal(view, vs, ve);
  if (!f.evasion && original.slice(f.span[0], f.span[1]) !== view.text.slice(vs, ve)) f.evasion = 'unicode';
  if (!f.evasion && f.category === 'secret' && nameHidden(view, original, vs)) {
    f.evasion = 'unicode';
    f.message = `${f.message} (its name written with lookalike or invisible characters)`;
  }
  for (const family of families) if (family.category === f.category) family.remap?.(f, original);
  return f;
}

/** Shared empty result; callers never add to it. */
const NONE: Finding[] = [];

const inside = (s: number, e: number, spans: readonly [number, number][]): boolean =>
  spans.some(([a, b]) => a <= s && e <= b);

function decodedFindings(
  view: TextView,
  families: readonly Family[],
  plain: readonly Finding[],
  viewSpans: readonly [number, number][],
): Finding[] {
  const wanted = fixedSubset(families, SECRET_AND_INJECTION);
  if (wanted.length === 0) return NONE;
  const runs: DecodedRun[] = findEncodedRuns(view.text, viewSpans);
  if (runs.length === 0) return NONE;
  const out: Finding[] = [];
  const covered = plain.map((f) => f.span);
  for (const run of runs) {
    const span = toOriginal(view, run.start, run.end);
    if (inside(span[0], span[1], covered)) continue;
    for (const f of scanText(run.decoded, wanted)) {
      out.push({
        ...f,
        span,
        message: `${f.message} (hidden in ${run.kind}-encoded text)`,
        evasion: run.kind,
      });
    }
  }
  return out;
}

function splitFindings(
  view: TextView,
  families: readonly Family[],
  viewSpans: readonly [number, number][],
): Finding[] {
  const secrets = fixedSubset(families, SECRET_ONLY);
  if (secrets.length === 0) return NONE;
  const windows = findSplitWindows(view, viewSpans);
  if (windows.length === 0) return NONE;
  const out: Finding[] = [];
  for (const w of windows) {
    for (const f of scanText(w.view.text, secrets)) {
      const [s, e] = f.span;
      if (!w.cuts.some((c) => s < c && c < e)) continue;
      out.push({
        ...f,
        span: toOriginal(w.view, s, e),
        message: `${f.message} (split across lines or literals)`,
        evasion: 'split',
      });
    }
  }
  return out;
}

/** Same code over overlapping spans is one finding: keep the earliest-starting, longest. */
function dedupe(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  findings.sort(
    (a, b) =>
      a.span[0] - b.span[0] || b.span[1] - a.span[1] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const lastEnd = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of findings) {
    const end = lastEnd.get(f.code);
    if (end !== undefined && f.span[0] < end) continue;
    lastEnd.set(f.code, f.span[1]);
    out.push(f);
  }
  return out;
}

export function detectWith(families: readonly Family[], text: string, opts?: DetectOptions): Finding[] {
  const active = select(families, opts?.only);
  if (active.length === 0 || text.length === 0) return [];
  const view = normalizeUnicode(text);
  const scanned = scanText(view.text, active);
  // Most texts have no findings and nothing encoded or split: no arrays beyond `scanned` for them.
  const secretSpans: [number, number][] = [];
  for (const f of scanned) if (f.category === 'secret') secretSpans.push([f.span[0], f.span[1]]);
  if (view.map) for (const f of scanned) mapFinding(f, view, text, active);
  const plain = scanned;
  const decoded = decodedFindings(view, active, plain, secretSpans);
  const split = splitFindings(view, active, secretSpans);
  const found = decoded.length === 0 && split.length === 0 ? plain : [...plain, ...decoded, ...split];
  if (view.tagChars >= 4 && active.some((f) => f.category === 'injection')) {
    found.push({
      ...finding(
        'injection.hidden_text',
        'injection',
        'high',
        `${view.tagChars} invisible Unicode tag characters carry hidden text`,
        view.firstTag,
        view.lastTag,
      ),
      evasion: 'unicode',
    });
  }
  return dedupe(found);
}

export const makeDetector =
  (families: readonly Family[]): Detector =>
  (text, opts) =>
    detectWith(families, text, opts);
