// Writes test/fixtures/classify/scope-generated.jsonl: the scope half of our own corpus (issue 11).
// Deterministic: the same seed gives the same file byte for byte. Every line is a contract case plus
// `expected` (decision, categories, slice, source, family); `npm run eval` splits the file into a
// tuning and a held-back part by `family`, so all phrasings of one intent land on the same side.
//
//   node --import tsx bench/corpus/generate-scope.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAMILIES } from './scope-families.ts';
import { type CaseLine, contextOf, makeWorld, Rng, typo } from './world.ts';

const OUT = fileURLToPath(new URL('../../test/fixtures/classify/scope-generated.jsonl', import.meta.url));
const SEED = 0x5c09e11;
/** Worlds per template unless a family says otherwise. */
const REPS = 2;
const TYPO_RATE = 0.2;

export function generate(seed = SEED): CaseLine[] {
  const out: CaseLine[] = [];
  for (const f of FAMILIES) {
    const rng = new Rng(seed ^ hash(f.name));
    let n = 0;
    for (const template of f.templates) {
      for (let rep = 0; rep < (f.reps ?? REPS); rep++) {
        const w = makeWorld(rng, {
          ...(f.platform ? { platform: f.platform } : {}),
          ...(f.inChannel ? { inChannel: true } : {}),
        });
        const typed = rep > 0 && rng.chance(TYPO_RATE * 2);
        const built = f.build(rng, w, template);
        if (typed) built.text = typo(rng, built.text);
        const request =
          f.name === 'no-request'
            ? null
            : { text: built.text, requester: w.requester, platform: w.platform, origin: w.origin };
        for (const o of built.outcomes) {
          n += 1;
          out.push({
            id: `sg-${f.name}-${String(n).padStart(3, '0')}`,
            request,
            agent: w.agent,
            action: o.action,
            context: contextOf(w),
            expected: {
              decision: o.decision,
              categories: o.decision === 'publish' ? [] : o.categories,
              slice: f.slice,
              source: 'scope-generated',
              family: f.name,
            },
          });
        }
      }
    }
  }
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function main(): void {
  const text = `${generate()
    .map((c) => JSON.stringify(c))
    .join('\n')}\n`;
  if (process.argv.includes('--check')) {
    const now = readFileSync(OUT, 'utf8');
    if (now !== text) {
      console.error(`${OUT} is stale; run node --import tsx bench/corpus/generate-scope.ts`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(OUT, text);
  const lines = text.trim().split('\n').length;
  console.log(`wrote ${lines} cases to ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
