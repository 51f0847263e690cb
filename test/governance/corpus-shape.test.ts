// The hand-labelled classify corpus (test/fixtures/classify/corpus.jsonl) must stay a valid input for
// `airlock classify`: every line is a contract case plus an `expected` label the scorer strips.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, ClassifyCase } from '../../src/governance/model.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/classify/corpus.jsonl', import.meta.url));
const SLICES = ['meta-incident', 'requested', 'lookalike', 'broadcast', 'no-request', 'platforms', 'config'];
const CASE_KEYS = new Set(['id', 'request', 'agent', 'action', 'context']);
const EXPECTED_KEYS = ['categories', 'decision', 'slice'];

interface Line {
  n: number;
  raw: Record<string, unknown>;
}

const lines: Line[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .map((text, i) => ({ text, n: i + 1 }))
  .filter(({ text }) => text.trim() !== '')
  .map(({ text, n }) => {
    try {
      return { n, raw: JSON.parse(text) as Record<string, unknown> };
    } catch (err) {
      throw new Error(`corpus.jsonl line ${n} is not valid JSON: ${(err as Error).message}`);
    }
  });

interface Expected {
  decision: 'publish' | 'stop';
  categories: string[];
  slice: string;
}

const expectedOf = (l: Line): Expected => l.raw['expected'] as Expected;
const label = (l: Line): string => `line ${l.n} (${String(l.raw['id'])})`;

describe('classify corpus shape', () => {
  it('has at least 300 cases', () => {
    expect(lines.length).toBeGreaterThanOrEqual(300);
  });

  it('parses every line, without `expected`, as a contract case', () => {
    const failures: string[] = [];
    for (const l of lines) {
      const { expected: _expected, ...input } = l.raw;
      const extra = Object.keys(input).filter((k) => !CASE_KEYS.has(k));
      if (extra.length > 0) failures.push(`${label(l)}: unexpected top-level keys ${extra.join(', ')}`);
      const parsed = ClassifyCase.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        failures.push(`${label(l)}: ${issues}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('uses unique own-NNNN ids', () => {
    const ids = lines.map((l) => l.raw['id']);
    const bad = ids.filter((id) => typeof id !== 'string' || !/^own-\d{4}$/.test(id));
    expect(bad).toEqual([]);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it('labels every line with a well-formed `expected`', () => {
    const failures: string[] = [];
    for (const l of lines) {
      const e = expectedOf(l);
      if (typeof e !== 'object' || e === null) {
        failures.push(`${label(l)}: missing expected`);
        continue;
      }
      const keys = Object.keys(e).sort();
      if (keys.join(',') !== EXPECTED_KEYS.join(','))
        failures.push(`${label(l)}: expected keys ${keys.join(',')}`);
      if (e.decision !== 'publish' && e.decision !== 'stop')
        failures.push(`${label(l)}: decision ${e.decision}`);
      if (!SLICES.includes(e.slice)) failures.push(`${label(l)}: unknown slice ${e.slice}`);
      if (!Array.isArray(e.categories)) {
        failures.push(`${label(l)}: categories is not an array`);
        continue;
      }
      const unknown = e.categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
      if (unknown.length > 0) failures.push(`${label(l)}: unknown categories ${unknown.join(', ')}`);
      if (new Set(e.categories).size !== e.categories.length) failures.push(`${label(l)}: repeated category`);
      if (e.decision === 'publish' && e.categories.length > 0) {
        failures.push(`${label(l)}: publish must name no categories`);
      }
      if (e.decision === 'stop' && e.categories.length === 0) {
        failures.push(`${label(l)}: stop must name at least one category`);
      }
      if (l.raw['request'] === null && (e.decision !== 'stop' || !e.categories.includes('scope'))) {
        failures.push(`${label(l)}: request null is never in scope (stop with scope)`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has both decisions in every slice and stays roughly balanced', () => {
    const counts = new Map<string, { publish: number; stop: number }>();
    for (const s of SLICES) counts.set(s, { publish: 0, stop: 0 });
    for (const l of lines) {
      const e = expectedOf(l);
      const c = counts.get(e.slice);
      if (c) c[e.decision] += 1;
    }
    for (const [slice, c] of counts) {
      expect(c.publish, `${slice} publish`).toBeGreaterThan(0);
      expect(c.stop, `${slice} stop`).toBeGreaterThan(0);
    }
    const publish = lines.filter((l) => expectedOf(l).decision === 'publish').length;
    const share = publish / lines.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });
});
