// Two Airlock instances on one PostgreSQL database, racing each other: approvals of one action, a burst of
// submissions, two workers retrying the same backlog, reviewers acting on one action at once, approvals
// racing the other instance's expiry, and approvals racing a pause.
// PostgreSQL only: PGlite has a single connection, so nothing there ever runs concurrently.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/governance/errors.ts';
import type { Agent, Reviewer } from '../../src/governance/model.ts';
import { createGovernance, DEFAULT_SETTINGS, type Governance } from '../../src/governance/pipeline/index.ts';
import type { Store } from '../../src/governance/ports.ts';
import { randomIds } from '../../src/ids.ts';
import type { Airlock } from '../../src/main.ts';
import { openStore } from '../../src/store/index.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { type ManualClock, manualClock } from '../helpers/clock.ts';
import { createTestDb, type TestDb, usingPostgres } from '../helpers/db.ts';
import { type GatedStore, gatedStore } from '../helpers/gated-store.ts';
import { allAuditEvents, createAirlockOn, postBody, verifyStoreChain } from '../helpers/pipeline.ts';
import { type RecordingPlatform, recordingPlatform } from '../helpers/platforms.ts';

const TITLE = usingPostgres()
  ? 'two instances on one PostgreSQL database'
  : 'two instances on one PostgreSQL database — SKIPPED: set DATABASE_URL (PGlite has one connection, so nothing runs concurrently)';

let db: TestDb;
let clock: ManualClock;
let platform: RecordingPlatform;
let a: Airlock;
let b: Airlock;
let agent: Agent;
type ReviewerKey = 'rita' | 'sol' | 'sec2';
const reviewers = new Map<ReviewerKey, { reviewer: Reviewer; token: string }>();
const rv = (k: ReviewerKey) => reviewers.get(k)!;

async function http(
  app: FastifyInstance,
  method: 'POST' | 'GET',
  url: string,
  token: string,
  payload?: unknown,
) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const body = res.body
    ? (JSON.parse(res.body) as { status?: string; error?: { code: string; message: string } })
    : null;
  return { status: res.statusCode, body };
}

const codeOf = (r: { status: number; body: { error?: { code: string } } | null }) =>
  r.status < 300 ? r.status : `${r.status} ${r.body?.error?.code}`;

/** The content hash each held action was submitted with (approvals name it). */
const hashes = new Map<string, string>();

async function submitHeld(text: string): Promise<string> {
  const { view } = await a.gov.agents.submit(agent, postBody(text));
  expect(view.status).toBe('held');
  hashes.set(view.id, view.content_hash);
  return view.id;
}

async function publishedEvents(store: Store, id: string): Promise<number> {
  return (await allAuditEvents(store)).filter((e) => e.actionId === id && e.type === 'action.published')
    .length;
}

describe.skipIf(!usingPostgres())(TITLE, () => {
  beforeAll(async () => {
    db = await createTestDb();
    clock = manualClock();
    platform = recordingPlatform('flaky');
    const make = () =>
      createAirlockOn(
        db,
        { classifier: markerClassifier(), clock, platforms: [platform] },
        { AIRLOCK_PUBLISH_MAX_ATTEMPTS: '5', DATABASE_POOL_SIZE: '20' },
      );
    // Both start at once: migrations serialize on their advisory lock.
    [a, b] = await Promise.all([make(), make()]);
    ({ agent } = await a.gov.admin.addAgent('racer'));
    reviewers.set('rita', await a.gov.admin.addReviewer('rita', ['default']));
    reviewers.set('sol', await b.gov.admin.addReviewer('sol', ['default', 'security']));
    reviewers.set('sec2', await b.gov.admin.addReviewer('sec2', ['security']));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('concurrent approvals of one held action from both instances: one publish, the other a coded 409', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submitHeld(`[hold] race ${i}`)));
    const results = await Promise.all(
      ids.map((id) =>
        Promise.all([
          http(a.server, 'POST', `/v1/actions/${id}/approve`, rv('rita').token, {
            content_hash: hashes.get(id),
          }),
          http(b.server, 'POST', `/v1/actions/${id}/approve`, rv('sol').token, {
            content_hash: hashes.get(id),
          }),
        ]),
      ),
    );
    for (const [i, pair] of results.entries()) {
      const id = ids[i]!;
      const codes = pair.map(codeOf).sort();
      expect([200, '409 illegal_transition', '409 conflict'], `${id}: ${JSON.stringify(codes)}`).toContain(
        codes[1],
      );
      expect(codes[0], `${id}: one approval wins`).toBe(200);
      expect(codes[1], `${id}: the other is refused`).not.toBe(200);
      expect(pair.find((r) => r.status === 200)?.body?.status).toBe('published');
      expect(
        platform.delivered.filter((c) => c.actionId === id),
        `${id}: delivered once`,
      ).toHaveLength(1);
      expect(await publishedEvents(a.store, id), `${id}: one action.published`).toBe(1);
    }
    expect(await verifyStoreChain(a.store)).toMatchObject({ ok: true });
  });

  it('200 concurrent submissions across both instances: every row present, one gapless audit chain', async () => {
    const headBefore = await a.store.audit.head();
    const views = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? a : b).gov.agents.submit(agent, postBody(`${i % 3 === 0 ? '[hold] ' : ''}burst ${i}`)),
      ),
    );
    const ids = new Set(views.map((v) => v.view.id));
    expect(ids.size).toBe(200);
    const stored = await b.store.actions.list({ agentId: agent.id, limit: 1000 });
    const burst = stored.filter((x) => ids.has(x.id));
    expect(burst).toHaveLength(200);
    expect(burst.filter((x) => x.status === 'held')).toHaveLength(67);
    expect(burst.filter((x) => x.status === 'published')).toHaveLength(133);

    const chain = await verifyStoreChain(b.store);
    expect(chain).toMatchObject({ ok: true });
    const events = (await allAuditEvents(b.store)).filter((e) => e.seq > headBefore.seq);
    expect(events.map((e) => e.seq)).toEqual(
      Array.from({ length: events.length }, (_, i) => headBefore.seq + 1 + i),
    );
    for (const id of ids) {
      const mine = events.filter((e) => e.actionId === id).map((e) => e.type);
      expect(mine.slice(0, 2), id).toEqual(['action.received', 'action.decided']);
    }
  });

  it('two workers ticking at once over a backlog of due retries publish each action exactly once', async () => {
    platform.failing = true;
    const views = await Promise.all(
      Array.from({ length: 120 }, (_, i) => a.gov.agents.submit(agent, postBody(`backlog ${i}`))),
    );
    const ids = views.map((v) => v.view.id);
    expect(views.every((v) => v.view.status === 'publishing')).toBe(true);
    platform.reset();
    clock.advance(DEFAULT_SETTINGS.maxBackoffMs);

    // Each pass claims at most 50 (retryDue's limit): with 120 due, both workers must take part.
    const passes: Array<[number, number]> = [];
    for (let round = 0; round < 10; round++) {
      const [na, nb] = await Promise.all([a.gov.worker.tick(), b.gov.worker.tick()]);
      passes.push([na, nb]);
      if (na + nb === 0) break;
    }
    expect(passes.flat().reduce((x, y) => x + y, 0)).toBe(120);

    const seen = new Map<string, number>();
    for (const c of platform.calls) seen.set(c.actionId, (seen.get(c.actionId) ?? 0) + 1);
    expect(
      ids.filter((id) => seen.get(id) !== 1),
      'delivered other than exactly once',
    ).toEqual([]);
    const rows = await a.store.actions.list({ agentId: agent.id, limit: 1000 });
    const backlog = rows.filter((r) => ids.includes(r.id));
    expect(backlog.every((r) => r.status === 'published' && r.attempts === 2)).toBe(true);
    const published = (await allAuditEvents(a.store)).filter(
      (e) => e.type === 'action.published' && ids.includes(e.actionId ?? ''),
    );
    expect(published).toHaveLength(120);
    expect(await verifyStoreChain(a.store)).toMatchObject({ ok: true });
    // Exactly once holds; but did the two workers share the backlog? (see test/store/claim-due.test.ts)
    expect(
      passes.flat().filter((n) => n > 50),
      `claims per pass [A, B]: ${JSON.stringify(passes)}`,
    ).toEqual([]);
  });

  it('approve and reject racing on one action: one wins, the other gets a coded 409, never a 500', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submitHeld(`[hold] yes or no ${i}`)));
    const results = await Promise.all(
      ids.map((id) =>
        Promise.all([
          http(a.server, 'POST', `/v1/actions/${id}/approve`, rv('rita').token, {
            content_hash: hashes.get(id),
          }),
          http(b.server, 'POST', `/v1/actions/${id}/reject`, rv('sol').token, { reason: 'no' }),
        ]),
      ),
    );
    const outcomes = results.map((pair) => pair.map(codeOf).join(' / '));
    const uncoded = outcomes.filter((o) => /5\d\d/.test(o));
    expect(uncoded, `responses: ${JSON.stringify(outcomes)}`).toEqual([]);
    for (const id of ids) {
      const row = await a.store.actions.get(id);
      expect(['published', 'rejected']).toContain(row?.status);
      expect(platform.delivered.filter((c) => c.actionId === id)).toHaveLength(
        row?.status === 'published' ? 1 : 0,
      );
    }
  });

  it('approvals racing the other instance expiring the holds: each ends expired, none delivered', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submitHeld(`[hold] late ${i}`)));
    clock.advance(72 * 3600_000 + 1); // past the default 72 h hold
    const [, ...answers] = await Promise.all([
      b.gov.worker.tick(),
      ...ids.map((id) =>
        http(a.server, 'POST', `/v1/actions/${id}/approve`, rv('rita').token, {
          content_hash: hashes.get(id),
        }),
      ),
    ]);
    expect(answers.map(codeOf).filter((c) => c === 200 || /5\d\d/.test(String(c)))).toEqual([]);
    await b.gov.worker.tick();
    for (const id of ids) {
      expect((await a.store.actions.get(id))?.status, id).toBe('expired');
      expect(
        platform.calls.filter((c) => c.actionId === id),
        `${id}: never offered`,
      ).toEqual([]);
    }
    expect(await verifyStoreChain(a.store)).toMatchObject({ ok: true });
  });

  it('approvals through one instance racing a pause through the other: nothing stuck, nothing after the pause is seen', async () => {
    const { agent: pausable } = await a.gov.admin.addAgent('pausable');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { view } = await a.gov.agents.submit(pausable, postBody(`[hold] stop me ${i}`));
      hashes.set(view.id, view.content_hash);
      ids.push(view.id);
    }
    const approveAll = (list: string[]) =>
      Promise.all(
        list.map((id) =>
          http(b.server, 'POST', `/v1/actions/${id}/approve`, rv('sol').token, {
            content_hash: hashes.get(id),
          }),
        ),
      );
    const [answers] = await Promise.all([
      approveAll(ids.slice(0, 10)),
      a.gov.admin.pauseAgent('pausable', 'race'),
    ]);
    expect(answers.map(codeOf).filter((c) => /5\d\d/.test(String(c)))).toEqual([]);
    // Every process sees a pause within PAUSE_CACHE_MS (500 ms): after that, approvals are refused.
    await new Promise((r) => setTimeout(r, 600));
    const deliveredBefore = platform.delivered.length;
    const late = await approveAll(ids.slice(10));
    expect(late.map(codeOf)).toEqual(Array(10).fill('409 agent_paused'));
    expect(platform.delivered.length).toBe(deliveredBefore);
    for (const id of ids) {
      const row = await a.store.actions.get(id);
      expect(['published', 'held'], `${id}: ${row?.status}`).toContain(row?.status);
      expect(platform.delivered.filter((c) => c.actionId === id)).toHaveLength(
        row?.status === 'published' ? 1 : 0,
      );
    }
    expect(await verifyStoreChain(a.store)).toMatchObject({ ok: true });
  });

  describe('a plain approval racing an edit of the same [hold2] action', () => {
    let gated: GatedStore;
    let gov: Governance;
    beforeAll(async () => {
      // A third participant whose transactions the test can pause: same database, own pool.
      gated = gatedStore(await openStore({ url: db.url }, { migrate: false }));
      gov = createGovernance({
        store: gated.store,
        classifier: markerClassifier(),
        platforms: a.platforms,
        clock,
        ids: randomIds,
        settings: { ...DEFAULT_SETTINGS, maxAttempts: 5 },
        log: pino({ level: 'silent' }),
      });
    });
    afterAll(() => gated?.store.close());

    it('does not publish edited content on the strength of an approval of the old content', async () => {
      const id = await submitHeld('[hold2] rotate the key tonight');
      // sol approves the original; one more security approval of the same content is needed.
      const original = (await a.gov.reviews.getAction(id)).content_hash;
      expect((await a.gov.reviews.approve(rv('sol').reviewer, id, { contentHash: original })).status).toBe(
        'held',
      );

      // sec2 clicks approve on the original text; their transaction has read the action...
      const gate = gated.pauseAfter('actions.get');
      const settle = <T>(p: Promise<T>) =>
        p.then(
          (v) => ({ ok: v }),
          (e: unknown) => ({ error: isAirlockError(e) ? e.code : String(e) }),
        );
      const sec2 = settle(gov.reviews.approve(rv('sec2').reviewer, id, { contentHash: original }));
      await gate.reached;
      // ...when sol rewrites the text while approving: the tally restarts, sol's approval is 1 of 2 for the new text.
      const editing = settle(
        a.gov.reviews.approve(rv('sol').reviewer, id, {
          contentHash: original,
          editedText: 'rotate ALL the keys tonight',
        }),
      );
      // A store that serializes write transactions on the audit head makes the edit wait for sec2's
      // transaction; one that lets them interleave commits the edit now. Either way, give it a moment.
      const editFirst = await Promise.race([
        editing.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 1_000)),
      ]);
      gate.resume();
      const [sec2Outcome, editOutcome] = await Promise.all([sec2, editing]);

      const row = await a.store.actions.get(id);
      const delivered = platform.delivered.filter((c) => c.actionId === id);
      const reviews = await a.store.reviews.forAction(id);
      const approversOf = (hash: string | undefined) =>
        new Set(
          reviews.filter((r) => r.verdict !== 'reject' && r.contentHash === hash).map((r) => r.reviewerId),
        );
      const story = `edit ${editFirst ? 'committed first' : 'waited'}: edit → ${JSON.stringify(editOutcome)}, sec2 → ${JSON.stringify(sec2Outcome)}`;
      // The invariant, whichever way the race went: what is published had two approvals of exactly that text.
      for (const call of delivered) {
        expect(
          approversOf(call.deliveredHash).size,
          `${story}; published "${call.text}"`,
        ).toBeGreaterThanOrEqual(2);
      }
      if (editFirst) {
        // sec2 approved text that no longer exists: the new text has one approval and stays held.
        expect({ status: row?.status, delivered: delivered.map((c) => c.text) }, story).toEqual({
          status: 'held',
          delivered: [],
        });
      } else {
        // sec2's approval completed the original; the edit then finds nothing held to edit.
        expect({ status: row?.status, delivered: delivered.map((c) => c.text) }, story).toEqual({
          status: 'published',
          delivered: ['[hold2] rotate the key tonight'],
        });
        expect(editOutcome, story).toEqual({ error: 'illegal_transition' });
      }
    });
  });
});
