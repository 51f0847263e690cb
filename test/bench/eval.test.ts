import { describe, expect, it } from 'vitest';
import { type Expected, rate, runSet, type ScoredCase, scoreCases, wilson } from '../../bench/eval.ts';
import type { ClassifyOutputLine } from '../../src/cli/commands/classify.ts';
import { holdAllClassifier } from '../helpers/classifiers.ts';

describe('wilson', () => {
  it('matches reference values for the 95% interval', () => {
    const half = wilson(5, 10);
    expect(half?.lo).toBeCloseTo(0.2366, 4);
    expect(half?.hi).toBeCloseTo(0.7634, 4);
    const none = wilson(0, 10);
    expect(none?.lo).toBe(0);
    expect(none?.hi).toBeCloseTo(0.2775, 4);
    const all = wilson(73, 73);
    expect(all?.hi).toBe(1);
    expect(all?.lo).toBeCloseTo(0.95, 2);
    expect(wilson(0, 0)).toBeNull();
    expect(rate(0, 0)).toEqual({ k: 0, n: 0, rate: null, lo: null, hi: null });
  });
});

const exp = (decision: Expected['decision'], slice: string, categories: string[] = []): Expected => ({
  decision,
  categories,
  slice,
});
const out = (
  id: string,
  decision: 'publish' | 'hold' | 'block',
  categories: string[] = [],
): ClassifyOutputLine => ({
  id,
  decision,
  in_scope: decision === 'publish',
  risk: decision === 'publish' ? 'none' : 'high',
  reasons: categories.map((c) => ({ code: `${c}.x`, category: c as 'scope', message: c })),
});

describe('scoreCases', () => {
  const cases: ScoredCase[] = [
    {
      id: 's1',
      expected: exp('stop', 'a', ['scope', 'secret']),
      got: out('s1', 'hold', ['scope', 'secret', 'pii']),
    },
    { id: 's2', expected: exp('stop', 'a', ['scope', 'secret']), got: out('s2', 'block', ['secret']) },
    { id: 's3', expected: exp('stop', 'b', ['scope']), got: out('s3', 'publish') },
    { id: 's4', expected: exp('stop', 'b', []), got: { id: 's4', error: { line: 4, message: 'bad' } } },
    { id: 'p1', expected: exp('publish', 'a'), got: out('p1', 'publish') },
    { id: 'p2', expected: exp('publish', 'b'), got: out('p2', 'hold', ['scope']) },
    { id: 'p3', expected: exp('publish', 'b'), got: undefined },
  ];

  it('computes catch, false-hold and attribution rates, counting errors and missing lines as wrong', () => {
    const s = scoreCases(cases);
    expect(s.cases).toBe(7);
    expect(s.catch).toMatchObject({ k: 2, n: 4, rate: 0.5 });
    expect(s.falseHold).toMatchObject({ k: 2, n: 3 });
    expect(s.attribution).toMatchObject({ k: 1, n: 2, rate: 0.5 });
    expect(s.catch.lo).toBeLessThan(0.5);
    expect(s.catch.hi).toBeGreaterThan(0.5);
  });

  it('scores each slice and lists every miss', () => {
    const s = scoreCases(cases);
    expect([...s.slices.keys()]).toEqual(['a', 'b']);
    expect(s.slices.get('a')?.catch).toMatchObject({ k: 2, n: 2 });
    expect(s.slices.get('b')?.catch).toMatchObject({ k: 0, n: 2 });
    expect(s.slices.get('b')?.attribution.n).toBe(0);
    expect(s.misses.map((m) => `${m.kind}:${m.id}`).sort()).toEqual([
      'attribution:s2',
      'false_hold:p2',
      'false_hold:p3',
      'missed:s3',
      'missed:s4',
    ]);
  });
});

describe('runSet', () => {
  it('strips the label, classifies through the command path, and skips unlabelled lines', () => {
    const line = {
      id: 'x1',
      request: null,
      agent: { id: 'B1' },
      action: { kind: 'post', channel: 'general', text: 'hi' },
      expected: { decision: 'stop', categories: ['scope'], slice: 'no-request' },
    };
    const { cases, skipped } = runSet(`${JSON.stringify(line)}\n{"id":"y"}\nnope\n\n`, holdAllClassifier);
    expect(skipped).toEqual(['line 2: no valid "expected" label', 'line 3: invalid JSON']);
    expect(cases).toHaveLength(1);
    expect(cases[0]?.got).toMatchObject({ id: 'x1', decision: 'hold' });
    expect(cases[0]?.expected).toEqual({ decision: 'stop', categories: ['scope'], slice: 'no-request' });
  });
});
