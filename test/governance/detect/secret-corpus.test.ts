import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../src/governance/detect/index.ts';
import { secretCorpus } from './secret-corpus.ts';

describe('secret corpus (the one the benchmark runs secretlint on)', () => {
  const cases = secretCorpus();

  it('finds every planted secret, overlapping its span', () => {
    const missed = cases
      .filter((c) => c.secret !== null)
      .filter((c) => {
        const [s, e] = c.secret!;
        return !detectAll(c.text).some((f) => f.category === 'secret' && f.span[0] < e && s < f.span[1]);
      })
      .map((c) => c.family);
    expect(missed).toEqual([]);
  });

  it('reports no secret in the clean messages', () => {
    const noisy = cases
      .filter((c) => c.secret === null)
      .filter((c) => detectAll(c.text).some((f) => f.category === 'secret'))
      .map((c) => c.text);
    expect(noisy).toEqual([]);
  });
});
