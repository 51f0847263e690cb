// The weekly schedule: posted on the local platform once per period, however many schedulers race for
// it (two Airlock instances on one PostgreSQL database when DATABASE_URL is set, else two schedulers on
// one store); a period missed while Airlock was down is posted when it returns.
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/config.ts';
import {
  DEFAULT_DIGEST_SETTINGS,
  type DigestScheduleDeps,
  lastScheduledPeriod,
  runDueDigests,
} from '../../../src/governance/digest/index.ts';
import { createAirlock, type Airlock } from '../../../src/main.ts';
import { createLocalPlatform } from '../../../src/platforms/local/index.ts';
import { createLocalOutbox, createStore, openDb } from '../../../src/store/index.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { manualClock } from '../../helpers/clock.ts';
import { createTestDb, type TestDb, usingPostgres } from '../../helpers/db.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const ENV = {
  LOG_LEVEL: 'silent',
  PORT: '0',
  AIRLOCK_DEMO: 'false',
  AIRLOCK_TIME_ZONE: 'Europe/Paris',
  AIRLOCK_DIGEST_DAY: 'mon',
  AIRLOCK_DIGEST_HOUR: '9',
  AIRLOCK_DIGEST_TARGETS: 'local',
};

async function airlockOn(db: TestDb, clock: ReturnType<typeof manualClock>): Promise<Airlock> {
  const env = db.url ? { ...ENV, DATABASE_URL: db.url } : { ...ENV, AIRLOCK_DATA_DIR: 'memory://' };
  const a = await createAirlock(readConfig(env, '/nonexistent'), { classifier: markerClassifier(), clock });
  cleanup.push(() => a.close());
  return a;
}

const digestsIn = async (a: Airlock) => a.outbox.list({ type: 'digest', limit: 100 });

describe('weekly digest schedule', () => {
  it('computes the period: the last Monday 09:00 in Paris back one week, across the DST change', () => {
    const s = { day: 1, hour: 9, timeZone: 'Europe/Paris' };
    // Tuesday 2026-11-03: the period ends Monday 11-02 09:00 CET (08:00Z) and starts 10-26 09:00 CET.
    expect(lastScheduledPeriod(s, new Date('2026-11-03T12:00:00Z'))).toEqual({
      from: new Date('2026-10-26T08:00:00Z'),
      to: new Date('2026-11-02T08:00:00Z'),
    });
    // Monday 10-26 at 08:30 CET is before 09:00: the period before.
    expect(lastScheduledPeriod(s, new Date('2026-10-26T07:30:00Z'))).toEqual({
      from: new Date('2026-10-12T07:00:00Z'),
      to: new Date('2026-10-19T07:00:00Z'),
    });
    // At 09:30 CET it is the week across the change (CEST → CET on 10-25): 7 days and an hour.
    expect(lastScheduledPeriod(s, new Date('2026-10-26T08:30:00Z'))).toEqual({
      from: new Date('2026-10-19T07:00:00Z'),
      to: new Date('2026-10-26T08:00:00Z'),
    });
    // Exactly at 09:00 the period just ended is due.
    expect(lastScheduledPeriod(s, new Date('2026-11-02T08:00:00Z')).to).toEqual(
      new Date('2026-11-02T08:00:00Z'),
    );
  });

  it('posts on the local platform once per period, and a missed period when it returns', async () => {
    const db = await createTestDb();
    cleanup.push(() => db.drop());
    const clock = manualClock(new Date('2026-11-02T07:00:00Z')); // Monday 08:00 in Paris
    const a = await airlockOn(db, clock);
    const { agent } = await a.gov.admin.addAgent('helper-bot');
    await a.gov.agents.submitAction(agent, {
      request_id: null,
      action: { kind: 'post', channel: 'general', text: '[hold] hi' },
    });

    // Nothing has been posted yet: the first run posts the period that ended last Monday 09:00.
    const first = await a.digest.runDue();
    expect(first.map((p) => p.from.toISOString())).toEqual(['2026-10-19T07:00:00.000Z']);
    expect(await a.digest.runDue()).toEqual([]);

    clock.set(new Date('2026-11-02T08:00:01Z')); // 09:00:01: this week's is due
    const second = await a.digest.runDue();
    expect(second).toHaveLength(1);
    expect(second[0]?.to.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    const messages = await digestsIn(a);
    expect(messages).toHaveLength(2);
    const latest = messages.find((m) => m.id === second[0]?.ref?.id);
    expect(latest?.text).toContain('# Airlock digest: 1 held');
    expect(latest?.text).toContain('2026-10-26 09:00 – 2026-11-02 09:00 (Europe/Paris)');
    expect((latest?.data['digest'] as { outcomes: { pending: number } } | undefined)?.outcomes.pending).toBe(
      1,
    );
    expect(String(latest?.data['chartSvg'])).toMatch(/^<svg /);

    // Down for three weeks: the three missed periods are posted, oldest first.
    clock.set(new Date('2026-11-24T10:00:00Z'));
    const missed = await a.digest.runDue();
    expect(missed.map((p) => p.to.toISOString())).toEqual([
      '2026-11-09T08:00:00.000Z',
      '2026-11-16T08:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
    ]);
    expect(await a.digest.runDue()).toEqual([]);
  }, 180_000);
});

describe('several schedulers', () => {
  it('never post the same period twice (two schedulers racing on one store)', async () => {
    const db = await createTestDb();
    cleanup.push(() => db.drop());
    const open = await openDb({ url: db.url, dataDir: db.dataDir, template: db.template });
    await open.migrate();
    const store = createStore(open);
    cleanup.push(() => store.close());
    const outbox = createLocalOutbox(open.db);
    const clock = manualClock(new Date('2026-11-02T08:30:00Z'));
    let n = 0;
    const scheduler = (): DigestScheduleDeps => ({
      source: store.digest,
      runs: store.digestRuns,
      // Each scheduler has its own platform object, as two processes would.
      platforms: new Map([
        ['local', createLocalPlatform({ outbox, now: clock.now, newId: () => `msg_${++n}` })],
      ]),
      now: clock.now,
      settings: { ...DEFAULT_DIGEST_SETTINGS, timeZone: 'Europe/Paris' },
      schedule: { day: 1, hour: 9, timeZone: 'Europe/Paris' },
      targets: [{ platform: 'local', channel: 'reviews' }],
    });
    const a = scheduler();
    const b = scheduler();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        runDueDigests(a),
        runDueDigests(b),
        runDueDigests(a),
        runDueDigests(b),
      ]);
      expect(results.flat()).toHaveLength(1);
      clock.advance(7 * 86_400_000);
    }
    const posted = await outbox.list({ type: 'digest', limit: 100 });
    expect(posted).toHaveLength(3);
    expect(
      new Set(posted.map((m) => (m.data['digest'] as { period: { from: string } }).period.from)).size,
    ).toBe(3);
    expect(posted.every((m) => m.channel === 'reviews')).toBe(true);
  }, 120_000);

  it.skipIf(!usingPostgres())(
    'never post the same period twice (two Airlock instances on one PostgreSQL database)',
    async () => {
      const db = await createTestDb();
      cleanup.push(() => db.drop());
      const clock = manualClock(new Date('2026-11-02T08:30:00Z'));
      const one = await airlockOn(db, clock);
      const two = await airlockOn(db, clock);
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all([one.digest.runDue(), two.digest.runDue(), one.digest.runDue()]);
        expect(results.flat()).toHaveLength(1);
        clock.advance(7 * 86_400_000);
      }
      expect(await digestsIn(one)).toHaveLength(3);
    },
    180_000,
  );
});
