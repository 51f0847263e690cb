// The digest's figures on a synthetic history with known answers: outcomes, the period boundary
// (from inclusive, to exclusive), days in New York across the DST change, time to decision,
// reviewers, patterns, pauses and retractions, the previous period, and an empty week.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDigest, DEFAULT_DIGEST_SETTINGS, type Digest } from '../../../src/governance/digest/index.ts';
import type { Store } from '../../../src/governance/ports.ts';
import { openStore } from '../../../src/store/index.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import { FROM, NOW, seedHistory, TO, TZ } from './history.ts';

let db: TestDb;
let store: Store;
let digest: Digest;

const settings = { ...DEFAULT_DIGEST_SETTINGS, baseUrl: 'https://airlock.example.com/', timeZone: TZ };

beforeAll(async () => {
  db = await createTestDb();
  store = await openStore({ url: db.url, dataDir: db.dataDir });
  await seedHistory(store);
  digest = await computeDigest({ source: store.digest, now: () => NOW, settings }, { from: FROM, to: TO });
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('digest figures', () => {
  it('counts outcomes of the period, from inclusive and to exclusive', () => {
    expect(digest.period).toEqual({ from: FROM.toISOString(), to: TO.toISOString(), time_zone: TZ });
    expect(digest.outcomes).toEqual({
      approved: 1,
      edited_approved: 1,
      redacted: 1,
      rejected: 1,
      expired: 1,
      withdrawn: 1,
      released: 1,
      pending: 2,
      auto_published: 2,
      blocked: 1,
    });
    expect(digest.held).toBe(9);
    expect(digest.total).toBe(12);
  });

  it('compares with the previous period', () => {
    expect(digest.previous_period).toEqual({ from: '2026-10-21T03:00:00.000Z', to: FROM.toISOString() });
    expect(digest.change.held).toEqual({ current: 9, previous: 2, change: 7, percent: 350 });
    expect(digest.change.outcomes['rejected']).toEqual({ current: 1, previous: 1, change: 0, percent: 0 });
    expect(digest.change.outcomes['approved']).toEqual({ current: 1, previous: 1, change: 0, percent: 0 });
  });

  it('breaks holds down by primary category, agent, channel and platform', () => {
    const held = (rows: Digest['by_category']) => Object.fromEntries(rows.map((r) => [r.key, r.held]));
    expect(held(digest.by_category)).toEqual({ scope: 6, secret: 1, pii: 1, link: 1 });
    expect(held(digest.by_agent)).toEqual({ 'helper-bot': 8, 'deploy-bot': 1 });
    expect(digest.by_agent.find((r) => r.key === 'deploy-bot')?.outcomes).toMatchObject({
      auto_published: 2,
      blocked: 1,
      expired: 1,
    });
    expect(held(digest.by_channel)).toEqual({ 'C-eng': 8, 'C-ops': 1 });
    expect(held(digest.by_platform)).toEqual({ local: 8, slack: 1 });
  });

  it('measures time to decision: median and p90 of the human decisions', () => {
    // 5 s, 60 s, 120 s, 300 s, 600 s → median 120 s; p90 interpolates 300 s → 600 s at 0.6.
    expect(digest.time_to_decision).toEqual({
      decided: 5,
      median_ms: 120_000,
      p90_ms: 480_000,
      // 60 s and 1200 s in the previous period.
      previous_median_ms: 630_000,
    });
  });

  it('counts held actions per local day, across the DST change', () => {
    expect(digest.daily.map((d) => d.date)).toEqual([
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ]);
    const byDate = Object.fromEntries(digest.daily.map((d) => [d.date, d.categories]));
    expect(byDate).toEqual({
      '2026-10-28': { scope: 2, secret: 1 },
      '2026-10-29': {},
      // h6 at 23:59:59 EDT still counts on the 30th; h7 at 00:00 on the 31st.
      '2026-10-30': { link: 1, pii: 1, scope: 1 },
      '2026-10-31': { scope: 1 },
      // 01:30 EDT and 01:30 EST: the same local date.
      '2026-11-01': { scope: 2 },
      '2026-11-02': {},
      '2026-11-03': {},
    });
    expect(digest.daily.reduce((n, d) => n + d.total, 0)).toBe(digest.held);
  });

  it('lists the oldest pending holds, linked', () => {
    expect(digest.oldest_pending.map((p) => p.action_id)).toEqual(['h8', 'h9', 'n1']);
    expect(digest.oldest_pending[0]).toMatchObject({
      agent: 'helper-bot',
      category: 'scope',
      reasons: ['scope.unrequested_kind'],
      url: 'https://airlock.example.com/console/actions/h8',
      age_ms: NOW.getTime() - Date.parse('2026-11-01T05:30:00Z'),
    });
  });

  it('finds unrequested-action patterns with the request verb', () => {
    expect(digest.patterns).toEqual([
      {
        agent: 'helper-bot',
        kind: 'reply',
        verb: 'analyze',
        code: 'scope.unrequested_kind',
        count: 6,
        text: 'helper-bot replied in threads when asked to analyze: 6 times',
      },
    ]);
  });

  it('reports reviewers and warns of fast approvals', () => {
    expect(digest.reviewers).toEqual([
      {
        reviewer_id: 'rvw_bob',
        name: 'bob',
        decisions: 3,
        approvals: 0,
        edits: 2,
        rejections: 1,
        fast_approvals: 0,
        median_ms: 300_000,
        warnings: [],
      },
      {
        reviewer_id: 'rvw_alice',
        name: 'alice',
        decisions: 1,
        approvals: 1,
        edits: 0,
        rejections: 0,
        fast_approvals: 1,
        median_ms: 5_000,
        warnings: [{ code: 'fast_approvals', message: 'alice approved 1 hold within 10 s of the hold' }],
      },
    ]);
  });

  it('lists pauses and retractions', () => {
    expect(digest.pauses).toEqual([
      {
        type: 'paused',
        agent: 'deploy-bot',
        at: '2026-11-02T09:00:00.000Z',
        actor: 'reviewer:rvw_bob',
        reason: 'leaked a key',
      },
      {
        type: 'resumed',
        agent: 'deploy-bot',
        at: '2026-11-02T18:00:00.000Z',
        actor: 'reviewer:rvw_bob',
        reason: 'token rotated',
      },
    ]);
    expect(digest.retractions).toEqual([
      {
        action_id: 'p1',
        agent: 'deploy-bot',
        at: '2026-10-29T08:00:00.000Z',
        actor: 'reviewer:rvw_alice',
        reason: 'wrong channel',
      },
    ]);
  });

  it('gives an empty week zeros and seven empty days', async () => {
    const from = new Date('2026-12-07T05:00:00Z');
    const to = new Date('2026-12-14T05:00:00Z');
    const empty = await computeDigest({ source: store.digest, now: () => to, settings }, { from, to });
    expect(empty.held).toBe(0);
    expect(empty.total).toBe(0);
    expect(Object.values(empty.outcomes).every((n) => n === 0)).toBe(true);
    expect(empty.daily).toHaveLength(7);
    expect(empty.daily.every((d) => d.total === 0)).toBe(true);
    expect(empty.time_to_decision).toEqual({
      decided: 0,
      median_ms: null,
      p90_ms: null,
      previous_median_ms: null,
    });
    expect(empty.reviewers).toEqual([]);
    expect(empty.patterns).toEqual([]);
  });

  it('counts days in the zone it is asked for', async () => {
    const utc = await computeDigest(
      { source: store.digest, now: () => NOW, settings },
      { from: FROM, to: TO, timeZone: 'UTC' },
    );
    // h6 at 03:59:59Z is on the 31st in UTC, with h7.
    expect(utc.daily.find((d) => d.date === '2026-10-31')?.categories).toEqual({ link: 1, scope: 1 });
    expect(utc.daily).toHaveLength(8);
  });
});
