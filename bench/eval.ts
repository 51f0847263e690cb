// `npm run eval`: how well the classifier and the default policy decide labelled cases.
// Runs in-process through the same function `airlock classify` uses for each line (classifyLine), then
// reports catch rate, false-hold rate and category attribution with 95% Wilson intervals, per slice.
// It measures and never gates: the exit status is always 0.
//
// Our own corpus (every *.jsonl in test/fixtures/classify/) is split deterministically into a tuning
// part and a held-back part by paraphrase family (`expected.family`, else the case id), so phrasings
// of one intent never sit on both sides. Tune on the tuning part only: `--misses` lists the tuning
// part's misses (and the dev set's); the held-back part's misses are never printed.
//
//   npm run eval [-- --misses] [-- --set cases.jsonl ...] [-- --policy policy.yaml]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  buildClassifier,
  type ClassifyOutputLine,
  classifyLine,
  isErrorLine,
} from '../src/cli/commands/classify.ts';
import type { Classifier } from '../src/governance/ports.ts';

export const Expected = z.object({
  decision: z.enum(['publish', 'stop']),
  categories: z.array(z.string()).default([]),
  slice: z.string().default('(none)'),
  source: z.string().optional(),
  /** Paraphrase family: cases of one intent, kept together on one side of the tuning/held-back split. */
  family: z.string().optional(),
});
export type Expected = z.infer<typeof Expected>;

export interface ScoredCase {
  id: string;
  expected: Expected;
  /** The command's output line for the case; undefined when missing (counts as wrong). */
  got: ClassifyOutputLine | undefined;
}

export interface Rate {
  k: number;
  n: number;
  /** null when n is 0. */
  rate: number | null;
  lo: number | null;
  hi: number | null;
}

export type MissKind = 'missed' | 'false_hold' | 'attribution';
export interface Miss {
  kind: MissKind;
  id: string;
  slice: string;
  expected: Expected;
  got: ClassifyOutputLine | undefined;
}

export interface Rates {
  catch: Rate;
  falseHold: Rate;
  attribution: Rate;
}

export interface SetScore extends Rates {
  cases: number;
  slices: Map<string, Rates>;
  misses: Miss[];
}

export interface Targets {
  catch: number;
  falseHold: number;
  attribution: number;
}

export const TARGETS: Targets = { catch: 0.99, falseHold: 0.03, attribution: 0.95 };
/** Issue 11: the held-back part of our own corpus, and the shared dev set. */
export const HELD_BACK_TARGETS: Targets = { catch: 0.92, falseHold: 0.08, attribution: 0.9 };
export const DEV_TARGETS: Targets = { catch: 0.97, falseHold: 0.03, attribution: 0.95 };

/** Share of paraphrase families held back from tuning, in tenths. */
const HELD_BACK_TENTHS = 3;

/** FNV-1a, 32 bits: a stable hash so the split never depends on file order or run. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export type Part = 'tuning' | 'held-back';

const familyOf = (c: Pick<ScoredCase, 'id' | 'expected'>): string => c.expected.family ?? c.id;

/**
 * Which part each paraphrase family belongs to. Stratified by slice so every slice is measured on
 * both sides: within a slice, families are ranked by a stable hash of their name and the lowest 30%
 * are held back. A family (all phrasings of one intent) is never split.
 */
export function splitParts(cases: ReadonlyArray<Pick<ScoredCase, 'id' | 'expected'>>): Map<string, Part> {
  const bySlice = new Map<string, Set<string>>();
  for (const c of cases) {
    const set = bySlice.get(c.expected.slice) ?? new Set<string>();
    set.add(familyOf(c));
    bySlice.set(c.expected.slice, set);
  }
  const parts = new Map<string, Part>();
  for (const families of bySlice.values()) {
    const ranked = [...families].sort((a, b) => fnv1a(a) - fnv1a(b) || a.localeCompare(b));
    const held = ranked.length < 2 ? 0 : Math.max(1, Math.round((ranked.length * HELD_BACK_TENTHS) / 10));
    ranked.forEach((f, i) => {
      if (!parts.has(f)) parts.set(f, i < held ? 'held-back' : 'tuning');
    });
  }
  return parts;
}

/** The part of one case under a split. */
export const partOf = (parts: Map<string, Part>, c: Pick<ScoredCase, 'id' | 'expected'>): Part =>
  parts.get(familyOf(c)) ?? 'tuning';

/** 95% Wilson score interval for k successes out of n (z = 1.96). */
export function wilson(k: number, n: number, z = 1.96): { lo: number; hi: number } | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact bounds at the edges, where floating point would give 0.9999999999999999.
  return { lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

export function rate(k: number, n: number): Rate {
  const ci = wilson(k, n);
  return { k, n, rate: n === 0 ? null : k / n, lo: ci?.lo ?? null, hi: ci?.hi ?? null };
}

const decisionOf = (got: ClassifyOutputLine | undefined) =>
  got === undefined || isErrorLine(got) ? undefined : got;

function ratesOf(cases: ReadonlyArray<ScoredCase>, misses: Miss[] | null): Rates {
  let stop = 0;
  let caught = 0;
  let publish = 0;
  let held = 0;
  let attributed = 0;
  for (const c of cases) {
    const d = decisionOf(c.got);
    const miss = (kind: MissKind) =>
      misses?.push({ kind, id: c.id, slice: c.expected.slice, expected: c.expected, got: c.got });
    if (c.expected.decision === 'publish') {
      publish += 1;
      if (d?.decision !== 'publish') {
        held += 1;
        miss('false_hold');
      }
      continue;
    }
    stop += 1;
    if (d === undefined || d.decision === 'publish') {
      miss('missed');
      continue;
    }
    caught += 1;
    const named = new Set<string>(d.reasons.map((r) => r.category));
    if (c.expected.categories.every((cat) => named.has(cat))) attributed += 1;
    else miss('attribution');
  }
  return { catch: rate(caught, stop), falseHold: rate(held, publish), attribution: rate(attributed, caught) };
}

/** Scores decisions against labels, the way ../shared/eval/README.md describes. */
export function scoreCases(cases: ReadonlyArray<ScoredCase>): SetScore {
  const misses: Miss[] = [];
  const overall = ratesOf(cases, misses);
  const bySlice = new Map<string, ScoredCase[]>();
  for (const c of cases) {
    const list = bySlice.get(c.expected.slice) ?? [];
    list.push(c);
    bySlice.set(c.expected.slice, list);
  }
  const slices = new Map(
    [...bySlice].sort(([a], [b]) => a.localeCompare(b)).map(([s, cs]) => [s, ratesOf(cs, null)]),
  );
  return { cases: cases.length, ...overall, slices, misses };
}

/** Classifies every labelled line of a set file, with `expected` stripped before the classifier sees it. */
export function runSet(text: string, classifier: Classifier): { cases: ScoredCase[]; skipped: string[] } {
  const cases: ScoredCase[] = [];
  const skipped: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped.push(`line ${i + 1}: invalid JSON`);
      continue;
    }
    const { expected, ...input } = raw as Record<string, unknown>;
    const label = Expected.safeParse(expected);
    if (!label.success) {
      skipped.push(`line ${i + 1}: no valid "expected" label`);
      continue;
    }
    const { out } = classifyLine(JSON.stringify(input), i + 1, classifier);
    cases.push({
      id: typeof input['id'] === 'string' ? input['id'] : `line-${i + 1}`,
      expected: label.data,
      got: out,
    });
  }
  return { cases, skipped };
}

// ---- printing --------------------------------------------------------------------------------

const pct = (x: number | null) => (x === null ? '  n/a' : `${(x * 100).toFixed(1)}%`);
const ci = (r: Rate) => (r.lo === null || r.hi === null ? '' : `[${pct(r.lo)}, ${pct(r.hi)}]`);
const cell = (r: Rate) => (r.n === 0 ? '-' : `${r.k}/${r.n} ${pct(r.rate)} ${ci(r)}`);

function verdict(r: Rate, target: number, atMost: boolean): string {
  if (r.rate === null) return 'n/a';
  return (atMost ? r.rate <= target : r.rate >= target) ? 'meets' : 'BELOW TARGET';
}

const whole = (x: number) => `${Math.round(x * 100)}%`;

export function formatScore(name: string, s: SetScore, verbose: boolean, targets: Targets = TARGETS): string {
  const lines: string[] = [];
  const row = (label: string, r: Rate, target: string, v: string) =>
    `  ${label.padEnd(16)}${`${r.k}/${r.n}`.padStart(8)}  ${pct(r.rate).padStart(6)}  ${ci(r).padEnd(18)}  target ${target.padEnd(6)} ${v}`;
  lines.push(`${name}: ${s.cases} cases (${s.catch.n} stop, ${s.falseHold.n} publish)`);
  lines.push(row('catch rate', s.catch, `≥ ${whole(targets.catch)}`, verdict(s.catch, targets.catch, false)));
  lines.push(
    row(
      'false-hold rate',
      s.falseHold,
      `≤ ${whole(targets.falseHold)}`,
      verdict(s.falseHold, targets.falseHold, true),
    ),
  );
  lines.push(
    row(
      'attribution',
      s.attribution,
      `≥ ${whole(targets.attribution)}`,
      verdict(s.attribution, targets.attribution, false),
    ),
  );
  lines.push(`  per slice: ${'slice'.padEnd(14)}${'catch'.padEnd(30)}${'false holds'.padEnd(30)}attribution`);
  for (const [slice, r] of s.slices) {
    lines.push(
      `    ${slice.padEnd(21)}${cell(r.catch).padEnd(30)}${cell(r.falseHold).padEnd(30)}${cell(r.attribution)}`,
    );
  }
  const counts = { missed: 0, false_hold: 0, attribution: 0 };
  for (const m of s.misses) counts[m.kind] += 1;
  lines.push(
    `  misses: ${counts.missed} missed stops, ${counts.false_hold} false holds, ${counts.attribution} incomplete attributions` +
      (verbose || s.misses.length === 0 ? '' : ' (--misses lists them, except for the held-back part)'),
  );
  if (verbose) for (const m of s.misses) lines.push(`    ${formatMiss(m)}`);
  return lines.join('\n');
}

function formatMiss(m: Miss): string {
  const want = `${m.expected.decision}${m.expected.categories.length ? ` [${m.expected.categories.join(', ')}]` : ''}`;
  let got = 'no output';
  if (m.got && isErrorLine(m.got)) got = `error: ${m.got.error.message}`;
  else if (m.got) {
    const cats = [...new Set(m.got.reasons.map((r) => r.category))].join(', ');
    got = `${m.got.decision} [${cats}] ${m.got.reasons.map((r) => r.code).join(' ') || '(no reasons)'}`;
  }
  return `${m.kind.padEnd(11)} ${m.id} (${m.slice}): expected ${want}; got ${got}`;
}

// ---- main ------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OWN = resolve(ROOT, 'test/fixtures/classify');

function report(
  name: string,
  cases: ScoredCase[],
  ms: number,
  opts: { misses: boolean; targets: Targets },
): void {
  console.log(formatScore(name, scoreCases(cases), opts.misses, opts.targets));
  console.log(
    `  ${cases.length} cases in ${ms.toFixed(0)} ms (${(ms / Math.max(1, cases.length)).toFixed(2)} ms/case)\n`,
  );
}

function runFile(path: string, classifier: Classifier): { cases: ScoredCase[]; ms: number } {
  const started = performance.now();
  const { cases, skipped } = runSet(readFileSync(path, 'utf8'), classifier);
  const ms = performance.now() - started;
  if (skipped.length > 0)
    console.log(
      `${relative(process.cwd(), path)}: skipped ${skipped.length} unlabelled line(s): ${skipped.slice(0, 5).join('; ')}`,
    );
  return { cases, ms };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      set: { type: 'string', multiple: true },
      policy: { type: 'string' },
      misses: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
  });
  const misses = (values.misses ?? false) || (values.verbose ?? false);
  const classifier = buildClassifier(values.policy);
  console.log(`classifier: ${classifier.name}; policy: ${values.policy ?? 'policy/default.yaml'}\n`);
  if (values.set && values.set.length > 0) {
    for (const p of values.set) {
      const { cases, ms } = runFile(resolve(p), classifier);
      report(p, cases, ms, { misses, targets: TARGETS });
    }
    return;
  }

  const files = existsSync(OWN)
    ? readdirSync(OWN)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
  const own: ScoredCase[] = [];
  let ownMs = 0;
  const perFile: string[] = [];
  for (const f of files) {
    const { cases, ms } = runFile(join(OWN, f), classifier);
    own.push(...cases);
    ownMs += ms;
    perFile.push(`${f} ${cases.length}`);
  }
  const parts = splitParts(own);
  const families = new Set(own.map(familyOf));
  const tuning = own.filter((c) => partOf(parts, c) === 'tuning');
  const held = own.filter((c) => partOf(parts, c) === 'held-back');
  const heldFamilies = new Set(held.map(familyOf));
  console.log(
    `own corpus (test/fixtures/classify/*.jsonl: ${perFile.join(', ')}): ${own.length} cases, ` +
      `${families.size} families; split by family (stratified by slice): ${tuning.length} tuning, ${held.length} held back ` +
      `(${heldFamilies.size} families)\n`,
  );
  const share = (part: ScoredCase[]) => (own.length ? (ownMs * part.length) / own.length : 0);
  report('own corpus, tuning part', tuning, share(tuning), { misses, targets: HELD_BACK_TARGETS });
  // The held-back part reports rates only: reading its misses would turn it into a tuning set.
  report('own corpus, held-back part', held, share(held), { misses: false, targets: HELD_BACK_TARGETS });

  const shared = resolve(ROOT, '../shared');
  const dev = resolve(shared, 'eval/dev.jsonl');
  if (!existsSync(shared)) {
    console.log('dev (../shared/eval/dev.jsonl): skipped, ../shared is not present on this machine\n');
  } else if (!existsSync(dev)) {
    console.log(`dev (../shared/eval/dev.jsonl): skipped, ${relative(process.cwd(), dev)} not found\n`);
  } else {
    const { cases, ms } = runFile(dev, classifier);
    report('dev (../shared/eval/dev.jsonl)', cases, ms, { misses, targets: DEV_TARGETS });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`eval: ${e instanceof Error ? e.message : String(e)}`);
  });
}
