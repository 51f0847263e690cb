// Classification latency: the whole judgment (scope + detectors + policy) per action, on one core,
// at 200 B, 4 KB and 40 KB. Target (issue 3): p99 ≤ 1 ms at 4 KB.
import { createDefaultClassifier } from '../src/classifier.ts';
import type { ClassifyInput } from '../src/governance/model.ts';

const PROSE = [
  'The deploy finished at 14:00 and the error rate is back to baseline.',
  'Restores failed because the restore job used the wrong snapshot id; rerun it with the latest one.',
  'I looked at the dashboard: p99 latency went up after the cache change, then recovered.',
  'Run `npm ci` and then `npm test`; if it still fails, paste the first error here.',
  'The migration adds an index on orders(customer_id); it takes about two minutes on staging.',
  "Thanks for the report. The fix is in review and should ship with tomorrow's release.",
];

function textOf(bytes: number, seed: number): string {
  let out = '';
  let i = seed;
  while (out.length < bytes) out += `${PROSE[i++ % PROSE.length]} `;
  return out.slice(0, bytes);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runClassifyBench(): Promise<Array<Record<string, string | number>>> {
  const classifier = createDefaultClassifier();
  const rows: Array<Record<string, string | number>> = [];
  for (const size of [200, 4_096, 40_960]) {
    const inputs: ClassifyInput[] = Array.from({ length: 50 }, (_, i) => ({
      request: {
        text: `Can you post a summary of the deploy in #eng-updates? Number ${i}.`,
        requester: { id: 'U100', name: 'Sam' },
        platform: 'slack',
        origin: { channel: 'D-sam', thread: null },
      },
      agent: { id: 'B900', name: 'helper-bot' },
      action: { kind: 'post', channel: 'eng-updates', text: textOf(size, i) },
      context: {
        channels: [{ id: 'eng-updates', name: 'eng-updates', members: 300, private: false, external: false }],
      },
    }));
    const iterations = size > 10_000 ? 2_000 : 10_000;
    for (let i = 0; i < 500; i++) classifier.classify(inputs[i % inputs.length]!);
    const times: number[] = [];
    let decided = 0;
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      const d = classifier.classify(inputs[i % inputs.length]!);
      times.push(performance.now() - t);
      if (d.decision === 'publish') decided++;
    }
    times.sort((a, b) => a - b);
    rows.push({
      size: size < 1024 ? `${size} B` : `${size / 1024} KB`,
      runs: iterations,
      'p50 ms': Number(percentile(times, 50).toFixed(4)),
      'p99 ms': Number(percentile(times, 99).toFixed(4)),
      'max ms': Number(times[times.length - 1]!.toFixed(3)),
      published: `${decided}/${iterations}`,
    });
  }
  console.log('\nClassification latency (scope + detectors + default policy, one core, warmed up)');
  console.table(rows);
  console.log('target: p99 ≤ 1 ms at 4 KB');
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await runClassifyBench();
