// Writes test/fixtures/classify/detect-generated.jsonl: deterministic cases for the content
// detectors (secrets of every format, evasions, personal data, inert look-alikes), each wrapped in
// a requested reply in the requester's own thread, so scope is fine and only the content decides.
//
//   node --import tsx bench/corpus/generate-detect.ts
//
// Case ids are `det-<family>-<n>`. Families, not cases, are split into a tuning half and a held-back
// half (`splitOf`); tune on the first, report the second (bench/corpus/score-detect.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FAMILIES } from './detect-all.ts';
import { type Rng, rng } from './detect-values.ts';

const OUT = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'classify', 'detect-generated.jsonl');

const REQUESTERS = [
  { id: 'U07KQ2M1A', name: 'Amara' },
  { id: 'U03ZP8X4C', name: 'Jonas' },
  { id: 'U05HT6R2B', name: 'Mei' },
  { id: 'U09LD3W7E', name: 'Rafael' },
];
const CHANNELS = [
  { id: 'C04DEVOPS', name: 'devops', members: 48 },
  { id: 'C02PLATFRM', name: 'platform-help', members: 212 },
  { id: 'C06BILLING', name: 'billing-ops', members: 19 },
];
const REQUESTS = [
  'can you check what the staging worker is configured with and reply here?',
  'What does the failing deploy step print? Just answer in this thread.',
  'Please paste the relevant part of the config here so I can compare.',
  'hey, reply here with what you found in the support ticket',
  'Could you summarize the customer issue for me in this thread?',
  'reply in thread w/ the setup the CI job uses pls',
  'What did the logs say? Post the answer here.',
  'Can you look at the README and tell me here how auth is set up?',
];

function wrap(r: Rng, id: string, text: string): Record<string, unknown> {
  const requester = r.pick(REQUESTERS);
  const channel = r.pick(CHANNELS);
  const thread = `17${r.int(10000000, 99999999)}.${String(r.int(100, 999999)).padStart(6, '0')}`;
  return {
    id,
    request: {
      text: r.pick(REQUESTS),
      requester,
      platform: 'slack',
      origin: { channel: channel.id, thread },
    },
    agent: { id: 'B08HELPR1', name: 'helper' },
    action: { kind: 'reply', channel: channel.id, thread, text },
    context: {
      channels: [
        { id: channel.id, name: channel.name, members: channel.members, private: false, external: false },
      ],
      users: [requester],
    },
  };
}

export function generate(): string[] {
  const lines: string[] = [];
  let seed = 1;
  for (const family of ALL_FAMILIES) {
    for (let n = 1; n <= family.count; n++) {
      const r = rng(seed++ * 7919);
      const id = `det-${family.name}-${n}`;
      const c = wrap(r, id, family.make(r));
      c['expected'] = {
        decision: family.decision,
        categories: [...family.categories],
        slice: family.slice,
        source: 'generated-detect',
      };
      lines.push(JSON.stringify(c));
    }
  }
  return lines;
}

const lines = generate();
writeFileSync(OUT, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} cases to ${OUT}`);
