// The generated scope corpus (test/fixtures/classify/scope-generated.jsonl) is a valid input for
// `airlock classify`, labelled in the dev-set schema plus a paraphrase `family`, and is exactly what
// bench/corpus/generate-scope.ts writes (regenerate it after changing a family).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/corpus/generate-scope.ts';
import { partOf, splitParts } from '../../bench/eval.ts';
import { CATEGORIES, ClassifyCase } from '../../src/governance/model.ts';

const FILE = fileURLToPath(new URL('../fixtures/classify/scope-generated.jsonl', import.meta.url));
const text = readFileSync(FILE, 'utf8');
const lines = text
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

interface Expected {
  decision: 'publish' | 'stop';
  categories: string[];
  slice: string;
  source: string;
  family: string;
}

describe('generated scope corpus', () => {
  it('is what the generator writes, byte for byte', () => {
    const again = `${generate()
      .map((c) => JSON.stringify(c))
      .join('\n')}\n`;
    expect(again === text).toBe(true);
  });

  it('has at least 1,200 cases with unique ids, each a contract case once `expected` is stripped', () => {
    expect(lines.length).toBeGreaterThanOrEqual(1200);
    const ids = lines.map((l) => l['id']);
    expect(new Set(ids).size).toBe(ids.length);
    const failures: string[] = [];
    for (const l of lines) {
      const { expected: _e, ...input } = l;
      const parsed = ClassifyCase.safeParse(input);
      if (!parsed.success) failures.push(`${String(l['id'])}: ${parsed.error.issues[0]?.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('labels stops with known categories and publishes with none', () => {
    const failures: string[] = [];
    for (const l of lines) {
      const e = l['expected'] as Expected;
      const unknown = e.categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
      if (unknown.length) failures.push(`${String(l['id'])}: ${unknown.join(',')}`);
      if ((e.decision === 'publish') !== (e.categories.length === 0)) failures.push(`${String(l['id'])}`);
      if (!e.family || e.source !== 'scope-generated') failures.push(`${String(l['id'])}: family/source`);
    }
    expect(failures).toEqual([]);
  });

  it('splits by family: every phrasing of an intent lands on one side, and both sides are used', () => {
    const cases = lines.map((l) => ({ id: String(l['id']), expected: l['expected'] as Expected }));
    const parts = splitParts(cases);
    const sides = new Map<string, Set<string>>();
    for (const c of cases) {
      const s = sides.get(c.expected.family) ?? new Set<string>();
      s.add(partOf(parts, c));
      sides.set(c.expected.family, s);
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    const held = cases.filter((c) => partOf(parts, c) === 'held-back').length;
    expect(held / cases.length).toBeGreaterThan(0.15);
    expect(held / cases.length).toBeLessThan(0.45);
  });
});
