// The retry worker's claim (`actions.claimDue`): it leases due `publishing` actions, at most `limit` per
// call, each to exactly one caller. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineHarness, postBody, startPipeline } from '../helpers/pipeline.ts';

let h: PipelineHarness;
let due: string[];

beforeAll(async () => {
  h = await startPipeline({ maxAttempts: 5, backoffMs: 1_000 });
  // 120 actions whose first publish failed: `publishing`, due again one second later.
  h.platform.failing = true;
  const views = await Promise.all(
    Array.from({ length: 120 }, (_, i) => h.gov.agents.submit(h.agent, postBody(`backlog ${i}`))),
  );
  due = views.map((v) => v.view.id);
  h.platform.failing = false;
});
afterAll(() => h?.close());

describe('actions.claimDue', () => {
  it('leaves actions that are not due yet alone', async () => {
    const now = h.clock.now();
    expect(await h.store.actions.claimDue(now, new Date(now.getTime() + 60_000), 50)).toEqual([]);
  });

  it('claims at most `limit` due actions per call, each exactly once, and leases them', async () => {
    const now = h.clock.set(h.clock.ms + 10_000);
    const leaseUntil = new Date(now.getTime() + 60_000);
    const batches: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const claimed = await h.store.actions.claimDue(now, leaseUntil, 50);
      expect(
        claimed.every(
          (a) => a.status === 'publishing' && a.nextAttemptAt?.getTime() === leaseUntil.getTime(),
        ),
      ).toBe(true);
      batches.push(claimed.map((a) => a.id));
    }
    const all = batches.flat();
    expect(new Set(all).size, 'no action claimed twice').toBe(all.length);
    expect(new Set(all)).toEqual(new Set(due));
    expect(
      batches.map((b) => b.length),
      'batch sizes for limit 50 over 120 due actions',
    ).toEqual([50, 50, 20, 0]);
  });
});
