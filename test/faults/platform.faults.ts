// Platform faults at the edge: the fake Slack answers 500, 429 with Retry-After, hangs, or does the work
// and drops the connection in a busy channel. A real server process publishes through it. The action
// waits (publishing, never failed) during an outage; retries honour Retry-After; nothing is lost and
// nothing is posted twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.ts';
import {
  auditVerify,
  call,
  DEPLOY_CHANNELS,
  freePort,
  freshDatabase,
  type Identities,
  reportLine,
  type ServerProc,
  seedIdentities,
  serverEnv,
  sleep,
  startServer,
  submitOne,
  until,
} from './harness.ts';

let slack: FakeSlack;
let server: ServerProc;
let ids: Identities;
let db: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  slack = await startFakeSlack();
  db = await freshDatabase();
  // The lease is longer than the Slack adapter's 10 s timeout: a hung call is never taken over mid-flight.
  const env = serverEnv({
    database: db,
    slack,
    leaseMs: 20_000,
    extra: { AIRLOCK_PUBLISH_BACKOFF_MS: '300' },
  });
  ids = await seedIdentities(env, 1);
  server = await startServer(env, await freePort(), { label: 'platform' });
});

afterAll(async () => {
  await server?.stop();
  if (db) {
    const audit = await auditVerify(db);
    expect(audit.code, audit.out).toBe(0);
    await db.drop();
  }
  expect(slack?.specViolations).toEqual([]);
  await slack?.close();
});

const view = async (id: string) =>
  (await call(server.url, 'GET', `/v1/actions/${id}`, ids.reviewerTokens[0]!)).body;
const settle = (id: string, ms = 40_000) =>
  until(
    () => view(id),
    (a) => a.status !== 'publishing',
    ms,
  );
const postCalls = (id: string) =>
  slack.callsOf('chat.postMessage').filter((c) => c.args['metadata']?.event_payload?.action_id === id);

describe('platform faults (real server process, fake Slack)', () => {
  it('Slack answering 500: actions wait in publishing (not failed), then publish once when it recovers', async () => {
    slack.outage('chat.postMessage', { kind: 'status', status: 500 });
    const acks = await Promise.all(
      [0, 1, 2, 0, 1].map((i, n) => submitOne(server.url, ids, `outage 500 #${n}`, { i })),
    );
    for (const r of acks) {
      expect(r.status).toBe(201);
      expect(r.body.status).toBe('publishing');
    }
    await sleep(2_500);
    for (const r of acks) {
      const a = await view(r.body.id);
      expect(a.status, 'waits during the outage').toBe('publishing');
      expect(slack.postsFor(r.body.id)).toHaveLength(0);
    }
    const tried = acks.map((r) => postCalls(r.body.id).length);
    expect(Math.min(...tried), 'retried during the outage').toBeGreaterThanOrEqual(2);
    slack.outage('chat.postMessage', null);
    for (const r of acks) {
      expect((await settle(r.body.id)).status).toBe('published');
      expect(slack.postsFor(r.body.id)).toHaveLength(1);
    }
    reportLine('platform/500', { actions: acks.length, postAttemptsDuringOutage: tried });
  });

  it('429 with Retry-After: every retry waits at least Retry-After, in process and in the pipeline', async () => {
    // Three are waited out in the adapter's queue, the fourth goes back to the pipeline with retryAfterMs.
    slack.failNext('chat.postMessage', { kind: 'status', status: 429, retryAfter: 1 }, 4);
    const r = await submitOne(server.url, ids, 'rate limited post', { i: 1 });
    expect(r.status).toBe(201);
    expect(['publishing', 'published']).toContain(r.body.status);
    const done = await settle(r.body.id);
    expect(done.status).toBe('published');
    expect(slack.postsFor(r.body.id)).toHaveLength(1);
    const at = postCalls(r.body.id).map((c) => c.at);
    expect(at).toHaveLength(5);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    for (const g of gaps) expect(g, `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(950);
    reportLine('platform/429', { gapsMs: gaps });
  });

  it('Slack hanging: the adapter times out, the action waits, then publishes once', async () => {
    slack.failNext('chat.postMessage', { kind: 'hang' }, 1);
    slack.failNext('conversations.history', { kind: 'hang' }, 1);
    const t0 = Date.now();
    const r = await submitOne(server.url, ids, 'posted while Slack hangs', { i: 2 });
    const answeredMs = Date.now() - t0;
    expect(r.status).toBe(201);
    expect(r.body.status, 'the agent hears back (not a hang, not failed)').toBe('publishing');
    expect(answeredMs).toBeLessThan(25_000);
    const done = await settle(r.body.id, 60_000);
    expect(done.status).toBe('published');
    expect(slack.postsFor(r.body.id)).toHaveLength(1);
    reportLine('platform/hang', { agentAnsweredMs: answeredMs, publishedAfterMs: Date.now() - t0 });
  }, 120_000);

  it('Slack does the work and drops the connection, then 150 people post in the channel: found, not posted twice', async () => {
    slack.failNext('chat.postMessage', { kind: 'drop' }, 1);
    const channel = DEPLOY_CHANNELS[0]!.id;
    const r = await submitOne(server.url, ids, 'posted, reply lost, busy channel', { i: 0 });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('publishing');
    expect(slack.postsFor(r.body.id)).toHaveLength(1);
    // Before the retry (backoff 300 ms) the channel moves on: more than one page of history.
    for (let k = 0; k < 150; k++)
      slack.addMessage({ channel, text: `chatter ${k}`, blocks: [], user: 'U0PEOPLE' });
    const done = await settle(r.body.id);
    expect(done.status).toBe('published');
    expect(slack.postsFor(r.body.id), 'posted exactly once').toHaveLength(1);
    expect(done.platform_ref).toBe(slack.postsFor(r.body.id)[0]?.ts);
  });

  it('nothing was lost: every action acknowledged in this file is published exactly once', async () => {
    const all = (await call(server.url, 'GET', '/v1/actions?limit=1000', ids.reviewerTokens[0]!)).body
      .actions;
    expect(all.length).toBe(8);
    for (const a of all) {
      expect(a.status).toBe('published');
      expect(slack.postCounts().get(a.id)).toBe(1);
    }
  });
});
