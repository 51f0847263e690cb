// Fail closed: platform outages, a vanished database, a classifier that throws, and a process that dies
// between claiming an action and publishing it. Nothing may be published twice or silently dropped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../../src/governance/errors.ts';
import type { Action, AuditEvent } from '../../../src/governance/model.ts';
import { contentHashOf, sha256 } from '../../../src/governance/pipeline/deps.ts';
import type { Classifier } from '../../../src/governance/ports.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { createTestDb, usingPostgres } from '../../helpers/db.ts';
import {
  allAuditEvents,
  createAirlockOn,
  type PipelineHarness,
  postBody,
  startPipeline,
  verifyStoreChain,
} from '../../helpers/pipeline.ts';

const eventsFor = async (h: PipelineHarness, id: string) =>
  (await allAuditEvents(h.store)).filter((e) => e.actionId === id);
const types = (events: AuditEvent[]) => events.map((e) => e.type);
const row = async (h: PipelineHarness, id: string): Promise<Action> => {
  const a = await h.store.actions.get(id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
};

describe('platform outage: publishing retries with backoff, then publishes once or fails for good', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipeline({ maxAttempts: 5, backoffMs: 60_000 });
  });
  afterAll(() => h?.close());
  afterEach(() => {
    h.platform.reset();
  });

  it('stays publishing while the platform fails, backing off 1, 2, 4, then 5 minutes (capped), and publishes once when it recovers', async () => {
    h.platform.failing = true;
    const { view } = await h.gov.agents.submit(h.agent, postBody('deploy finished'));
    expect(view).toMatchObject({ status: 'publishing', attempts: 1 });
    expect(view.last_error).toMatch(/flaky is down/);

    const delays: number[] = [];
    let a = await row(h, view.id);
    delays.push(a.nextAttemptAt!.getTime() - h.clock.ms);
    for (let attempt = 2; attempt <= 4; attempt++) {
      // Not due yet: the worker leaves it alone.
      h.clock.set(a.nextAttemptAt!.getTime() - 1);
      expect(await h.gov.worker.tick()).toBe(0);
      expect((await row(h, view.id)).attempts).toBe(attempt - 1);
      // Due: retried, fails again, waits twice as long (at most 5 minutes).
      h.clock.advance(1);
      expect(await h.gov.worker.tick()).toBe(1);
      a = await row(h, view.id);
      expect(a).toMatchObject({ status: 'publishing', attempts: attempt });
      expect(a.lastError).toMatch(/flaky is down/);
      delays.push(a.nextAttemptAt!.getTime() - h.clock.ms);
    }
    expect(delays).toEqual([60_000, 120_000, 240_000, 300_000]);

    h.platform.failing = false;
    h.clock.set(a.nextAttemptAt!);
    expect(await h.gov.worker.tick()).toBe(1);
    a = await row(h, view.id);
    expect(a).toMatchObject({ status: 'published', attempts: 5, nextAttemptAt: null, lastError: null });
    expect(h.platform.calls.map((c) => c.outcome)).toEqual(['error', 'error', 'error', 'error', 'ok']);
    expect(h.platform.delivered).toHaveLength(1);
    expect(a.platformRef).toBe(h.platform.delivered[0]!.ref);

    // Nothing left to do: later passes deliver nothing more.
    h.clock.advance(3600_000);
    expect(await h.gov.worker.tick()).toBe(0);
    expect(h.platform.calls).toHaveLength(5);

    const events = await eventsFor(h, view.id);
    expect(types(events)).toEqual([
      'action.received',
      'action.decided',
      'action.publish_retry',
      'action.publish_retry',
      'action.publish_retry',
      'action.publish_retry',
      'action.published',
    ]);
    expect(events.filter((e) => e.type === 'action.publish_retry').map((e) => e.data['attempts'])).toEqual([
      1, 2, 3, 4,
    ]);
    expect(await verifyStoreChain(h.store)).toMatchObject({ ok: true });
  });

  it('ends failed after AIRLOCK_PUBLISH_MAX_ATTEMPTS, audited, listed, and never retried again', async () => {
    h.platform.failing = true;
    const { view } = await h.gov.agents.submit(h.agent, postBody('will never make it'));
    for (let i = 0; i < 10; i++) {
      h.clock.advance(h.settings.maxBackoffMs);
      await h.gov.worker.tick();
    }
    const a = await row(h, view.id);
    expect(a).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
    expect(a.lastError).toMatch(/flaky is down/);
    expect(h.platform.calls.filter((c) => c.actionId === view.id)).toHaveLength(5);
    expect(h.platform.delivered).toHaveLength(0);

    const failed = (await eventsFor(h, view.id)).filter((e) => e.type === 'action.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ from: 'publishing', to: 'failed', attempts: 5 });
    // Not silently dropped: reviewers see it among the failed actions.
    expect((await h.gov.reviews.listActions({ status: 'failed' })).map((v) => v.id)).toContain(view.id);

    // The platform comes back: a failed action stays failed; nothing republishes it behind anyone's back.
    h.platform.failing = false;
    h.clock.advance(24 * 3600_000);
    await h.gov.worker.tick();
    expect((await row(h, view.id)).status).toBe('failed');
    expect(h.platform.calls.filter((c) => c.actionId === view.id)).toHaveLength(5);
    expect(await verifyStoreChain(h.store)).toMatchObject({ ok: true });
  });

  it('an action approved during an outage is retried and published once, with the approved content', async () => {
    const { view: held } = await h.gov.agents.submit(h.agent, postBody('[hold] careful wording'));
    expect(held.status).toBe('held');
    h.platform.failing = true;
    const approved = await h.gov.reviews.approve(h.reviewers.rita, held.id, {
      contentHash: held.content_hash,
      editedText: 'careful, edited wording',
    });
    expect(approved).toMatchObject({ status: 'publishing', attempts: 1, text: 'careful, edited wording' });
    h.platform.failing = false;
    h.clock.advance(h.settings.backoffMs);
    expect(await h.gov.worker.tick()).toBe(1);
    expect(await row(h, held.id)).toMatchObject({ status: 'published', attempts: 2 });
    expect(h.platform.delivered.map((c) => [c.actionId, c.text])).toEqual([
      [held.id, 'careful, edited wording'],
    ]);
    const [review] = await h.store.reviews.forAction(held.id);
    expect(review?.contentHash).toBe(h.platform.delivered[0]!.deliveredHash);
  });
});

describe('database gone', () => {
  let t: TestAirlock | undefined;
  afterEach(async () => {
    await t?.airlock.close().catch(() => {}); // its store is already closed or dropped
    await t?.db.drop();
    t = undefined;
  });

  const body = { request_id: null, action: { kind: 'post', channel: 'general', text: 'still there?' } };

  it('store closed under a running server: POST /v1/actions is 503 store_unavailable, /readyz is 503', async () => {
    t = await startTestAirlock({ classifier: markerClassifier() });
    expect((await t.api('POST', '/v1/actions', { token: t.agentToken, body })).status).toBe(201);
    expect((await t.api('GET', '/readyz')).status).toBe(200);

    await t.airlock.store.close();

    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('store_unavailable');
    const approve = await t.api('POST', '/v1/actions/act_x/approve', { token: t.reviewerToken, body: {} });
    expect(approve.status).toBe(503);
    expect(approve.body.error.code).toBe('store_unavailable');
    const ready = await t.api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ready: false, database: false });
    // Liveness does not depend on the database: the process is fine, it just cannot serve.
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });

  it.runIf(usingPostgres())(
    'PostgreSQL database dropped under a running server: 503 store_unavailable, /readyz 503',
    async () => {
      t = await startTestAirlock({ classifier: markerClassifier() });
      expect((await t.api('POST', '/v1/actions', { token: t.agentToken, body })).status).toBe(201);

      await t.db.drop(); // `drop database … with (force)` terminates the pool's connections

      const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body });
      expect({ status: r.status, code: r.body?.error?.code }).toEqual({
        status: 503,
        code: 'store_unavailable',
      });
      const ready = await t.api('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ready: false, database: false });
    },
  );

  it.runIf(usingPostgres())(
    'a second instance pointed at a dropped PostgreSQL database refuses to start with store_unavailable',
    async () => {
      const gone = await createTestDb();
      await gone.drop();
      let error: unknown = null;
      try {
        const second = await createAirlockOn(gone, { classifier: markerClassifier() });
        await second.close();
      } catch (e) {
        error = e;
      }
      expect(isAirlockError(error) && error.code).toBe('store_unavailable');
      expect((error as Error).message).toMatch(/DATABASE_URL/);
    },
  );
});

describe('classifier throws', () => {
  let h: PipelineHarness;
  const exploding: Classifier = {
    name: 'test.exploding',
    classify: () => {
      throw new TypeError('cannot read properties of undefined');
    },
  };
  beforeAll(async () => {
    h = await startPipeline({ overrides: { classifier: exploding } });
  });
  afterAll(() => h?.close());

  it('holds the action with policy.classifier_error, asks a reviewer, and publishes nothing until approved', async () => {
    const { view } = await h.gov.agents.submit(h.agent, postBody('perfectly harmless'));
    expect(view).toMatchObject({
      status: 'held',
      decision: 'hold',
      risk: 'high',
      rule: 'policy.classifier_error',
      approvals: { count: 1, group: 'default' },
      reasons: [{ code: 'policy.classifier_error', category: 'policy' }],
    });
    expect(h.platform.calls).toEqual([]);
    expect(h.platform.cards).toEqual([{ actionId: view.id, status: 'held', kind: 'request' }]);
    const decided = (await eventsFor(h, view.id)).find((e) => e.type === 'action.decided');
    expect(decided?.data).toMatchObject({ from: 'received', to: 'held', classifier: 'test.exploding' });

    const published = await h.gov.reviews.approve(h.reviewers.rita, view.id, {
      contentHash: view.content_hash,
    });
    expect(published.status).toBe('published');
    expect(h.platform.delivered.map((c) => c.actionId)).toEqual([view.id]);
  });
});

describe('crash between claim and publish', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipeline();
  });
  afterAll(() => h?.close());
  afterEach(() => {
    h.platform.reset();
  });

  /** What a process leaves behind when it dies after claiming: a `publishing` row and its audit events. */
  async function leaveClaimed(text: string, leaseUntil: Date): Promise<Action> {
    const now = h.clock.now();
    const fields = {
      kind: 'post' as const,
      platform: 'flaky',
      channel: 'general',
      thread: null,
      recipient: null,
      text,
      change: null,
    };
    const action: Action = {
      id: `act_crash_${sha256(text).slice(0, 12)}`,
      agentId: h.agent.id,
      requestId: null,
      ...fields,
      context: null,
      contentHash: contentHashOf(fields),
      status: 'publishing',
      decision: {
        decision: 'publish',
        in_scope: true,
        risk: 'none',
        reasons: [],
        rule: 'policy.test-publish',
      },
      idempotencyKey: null,
      bodyHash: null,
      platformRef: null,
      attempts: 0,
      nextAttemptAt: leaseUntil,
      lastError: null,
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
      decidedAt: now,
      publishedAt: null,
    };
    await h.store.transaction(async (tx) => {
      await tx.actions.insert(action);
      await tx.audit.append(
        {
          actor: `agent:${h.agent.id}`,
          type: 'action.received',
          actionId: action.id,
          data: { contentHash: action.contentHash },
        },
        now,
      );
      await tx.audit.append(
        {
          actor: 'system',
          type: 'action.decided',
          actionId: action.id,
          data: { from: 'received', to: 'publishing' },
        },
        now,
      );
    });
    return action;
  }

  it('a row left publishing is not touched while its lease holds, then published exactly once by the worker', async () => {
    const left = await leaveClaimed('crashed mid-flight', new Date(h.clock.ms + h.settings.claimLeaseMs));
    expect(await h.gov.worker.tick()).toBe(0);
    expect(h.platform.calls).toEqual([]);

    h.clock.advance(h.settings.claimLeaseMs);
    expect(await h.gov.worker.tick()).toBe(1);
    expect(await h.gov.worker.tick()).toBe(0);
    h.clock.advance(h.settings.claimLeaseMs * 10);
    expect(await h.gov.worker.tick()).toBe(0);

    expect(await row(h, left.id)).toMatchObject({ status: 'published', attempts: 1 });
    expect(h.platform.calls.map((c) => [c.actionId, c.outcome])).toEqual([[left.id, 'ok']]);
    expect(types(await eventsFor(h, left.id))).toEqual([
      'action.received',
      'action.decided',
      'action.published',
    ]);
    expect(await verifyStoreChain(h.store)).toMatchObject({ ok: true });
  });

  it('a publish call that never returns (the process died) is taken over after the lease, exactly once', async () => {
    const crashed = h.platform.hangNext();
    const submitting = h.gov.agents.submit(h.agent, postBody('the process dies while posting this'));
    submitting.catch(() => {}); // the dead process's call; inspected below
    await expect.poll(() => h.platform.calls.length).toBe(1);
    const id = h.platform.calls[0]!.actionId;
    expect((await row(h, id)).status).toBe('publishing');

    // Within the lease the claim is exclusive.
    h.clock.advance(h.settings.claimLeaseMs - 1);
    expect(await h.gov.worker.tick()).toBe(0);
    // After it, the worker takes over and publishes once.
    h.clock.advance(1);
    expect(await h.gov.worker.tick()).toBe(1);
    expect(await h.gov.worker.tick()).toBe(0);
    expect(await row(h, id)).toMatchObject({ status: 'published', attempts: 1 });
    expect(h.platform.delivered.map((c) => c.actionId)).toEqual([id]);
    expect((await eventsFor(h, id)).filter((e) => e.type === 'action.published')).toHaveLength(1);
    crashed.release('error');
    await submitting.catch(() => {});
  });

  it('a worker whose lease lapsed mid-batch does not publish the rest of its batch again', async () => {
    // Three actions wait for a retry.
    h.platform.failing = true;
    const ids = [];
    for (const n of [1, 2, 3])
      ids.push((await h.gov.agents.submit(h.agent, postBody(`batch item ${n}`))).view.id);
    h.platform.failing = false;
    h.platform.reset();
    h.clock.advance(h.settings.maxBackoffMs);

    // Worker 1 claims them (one lease for the batch); the platform hangs on its first call.
    const slow = h.platform.hangNext();
    const worker1 = h.gov.worker.tick().then(
      (n) => ({ ok: n }),
      (e: unknown) => ({ error: isAirlockError(e) ? e.code : String(e) }),
    );
    await expect.poll(() => h.platform.calls.length).toBe(1);
    // The lease runs out; worker 2 (another process) takes the batch over and publishes all three.
    h.clock.advance(h.settings.claimLeaseMs);
    expect(await h.gov.worker.tick()).toBe(3);
    for (const id of ids) expect((await row(h, id)).status).toBe('published');

    // Worker 1's slow call finally times out. It must not go on to publish items it no longer holds.
    slow.release('error');
    const outcome = await worker1;
    const deliveries = ids.map((id) => h.platform.delivered.filter((c) => c.actionId === id).length);
    expect(deliveries, `each published once (worker 1 ended ${JSON.stringify(outcome)})`).toEqual([1, 1, 1]);
  });

  it('a late failure from the taken-over attempt changes nothing and records no retry for a published action', async () => {
    const crashed = h.platform.hangNext();
    const submitting = h.gov.agents.submit(
      h.agent,
      postBody('the slow attempt reports back after the takeover'),
    );
    await expect.poll(() => h.platform.calls.length).toBe(1);
    const id = h.platform.calls[0]!.actionId;
    h.clock.advance(h.settings.claimLeaseMs);
    expect(await h.gov.worker.tick()).toBe(1);
    const published = await row(h, id);
    expect(published.status).toBe('published');
    const seqBefore = (await h.store.audit.head()).seq;

    // The first attempt was not dead after all, only slow; its platform call now fails.
    crashed.release('error');
    const late = await submitting.then(
      (r) => ({ status: r.view.status }),
      (e: unknown) => ({ error: isAirlockError(e) ? e.code : String(e) }),
    );

    expect(await row(h, id)).toEqual(published);
    const after = (await allAuditEvents(h.store)).filter((e) => e.seq > seqBefore && e.actionId === id);
    expect(types(after), 'no publish_retry for an action that is already published').toEqual([]);
    expect(late, 'the late caller is told the truth (published), or a coded conflict').not.toEqual({
      status: 'publishing',
    });
  });
});
