// Scores test/fixtures/classify/detect-generated.jsonl in its two halves (tuning, held back), split
// by family (splitOf), with 95% Wilson intervals, through the same path `airlock classify` uses.
//
//   node --import tsx bench/corpus/score-detect.ts [--verbose] [--half tune|held]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildClassifier, classifyLine, isErrorLine } from '../../src/cli/commands/classify.ts';
import { splitOf } from './detect-all.ts';

const FILE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'classify', 'detect-generated.jsonl');

function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [k === 0 ? 0 : c - h, k === n ? 1 : c + h];
}
const fmt = (k: number, n: number): string => {
  const [lo, hi] = wilson(k, n);
  return `${k}/${n} ${((100 * k) / Math.max(1, n)).toFixed(1)}% [${(100 * lo).toFixed(1)}%, ${(100 * hi).toFixed(1)}%]`;
};

const { values } = parseArgs({ options: { verbose: { type: 'boolean' }, half: { type: 'string' } } });
const classifier = buildClassifier();
type Tally = { stop: number; caught: number; pub: number; held: number; attributed: number };
const tallies = new Map<string, Tally>();
const tally = (key: string): Tally => {
  let t = tallies.get(key);
  if (!t) {
    t = { stop: 0, caught: 0, pub: 0, held: 0, attributed: 0 };
    tallies.set(key, t);
  }
  return t;
};
const misses: string[] = [];
for (const [i, line] of readFileSync(FILE, 'utf8').split('\n').entries()) {
  if (!line.trim()) continue;
  const { expected, ...input } = JSON.parse(line) as {
    id: string;
    expected: { decision: string; categories: string[]; slice: string };
  };
  const family = input.id.replace(/^det-/, '').replace(/-\d+$/, '');
  const half = splitOf(family);
  if (values.half && values.half !== half) continue;
  const { out } = classifyLine(JSON.stringify(input), i + 1, classifier);
  const decision = isErrorLine(out) ? 'error' : out.decision;
  const cats: string[] = isErrorLine(out) ? [] : out.reasons.map((r) => r.category);
  for (const key of [half, `${half} ${expected.slice}`]) {
    const t = tally(key);
    if (expected.decision === 'publish') {
      t.pub++;
      if (decision !== 'publish') t.held++;
    } else {
      t.stop++;
      if (decision === 'hold' || decision === 'block') {
        t.caught++;
        if (expected.categories.every((c) => cats.includes(c))) t.attributed++;
      }
    }
  }
  const wrong = expected.decision === 'publish' ? decision !== 'publish' : decision === 'publish';
  if (wrong && values.verbose) {
    const codes = isErrorLine(out) ? 'error' : out.reasons.map((r) => r.code).join(',');
    misses.push(`${half} ${input.id} expected ${expected.decision} got ${decision} [${codes}]`);
  }
}
for (const [key, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `${key.padEnd(18)} catch ${fmt(t.caught, t.stop).padEnd(30)} false-hold ${fmt(t.held, t.pub).padEnd(30)} attribution ${t.attributed}/${t.caught}`,
  );
}
for (const m of misses) console.log(m);
