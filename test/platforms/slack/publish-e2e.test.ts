// A real Airlock (HTTP, PGlite, worker) with Slack settings pointing at the fake Web API: held Slack
// actions get a card and a notice, approval posts once in the right thread and updates the card, and a
// crash between "Slack accepted the post" and "Airlock recorded it" does not post twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { type FakeSlack, type Json, startFakeSlack } from '../../fakes/slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../helpers/slack.ts';

let slack: FakeSlack;
let t: TestAirlock;
const THREAD = '1700000000.000001';

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestAirlock(
    { classifier: markerClassifier() },
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_REVIEW_CHANNEL: 'C0REVIEW',
      SLACK_API_URL: slack.url,
      AIRLOCK_PUBLISH_BACKOFF_MS: '20',
    },
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  expect(slack.specViolations).toEqual([]);
  await slack.close();
});

async function slackRequest(text: string): Promise<string> {
  const r = await t.api('POST', '/v1/requests', {
    token: t.reviewerToken,
    body: {
      text,
      requester: { id: 'U0SAM' },
      platform: 'slack',
      origin: { channel: 'C0INFRA', thread: THREAD },
      agent_id: t.agentId,
    },
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

const submit = (requestId: string, text: string) =>
  t.api('POST', '/v1/actions', {
    token: t.agentToken,
    body: {
      request_id: requestId,
      platform: 'slack',
      action: { kind: 'reply', channel: 'C0INFRA', thread: THREAD, text },
    },
  });

const postsOf = (actionId: string) =>
  slack.messages.filter(
    (m) =>
      m.metadata?.['event_type'] === 'airlock_action' &&
      m.metadata?.['event_payload']?.action_id === actionId,
  );

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Slack through a real Airlock', () => {
  it('publishes an in-scope reply at once, in the thread, as the agent', async () => {
    const req = await slackRequest('post the deploy status in this thread');
    const r = await submit(req, 'Deploy finished at 14:00.');
    expect(r.body.status).toBe('published');
    const posts = postsOf(r.body.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: 'C0INFRA', thread_ts: THREAD, username: 'test-agent' });
    expect(r.body.platform_ref).toBe(posts[0]?.ts);
  });

  it('holds: a card in the review channel and a notice to the requester; approval posts once and updates the card', async () => {
    const req = await slackRequest('why did the deploy fail?');
    const r = await submit(req, '[hold] Rolling back prod now.');
    expect(r.body.status).toBe('held');
    const card = slack.messages.find(
      (m) => m.channel === 'C0REVIEW' && m.metadata?.['event_payload']?.action_id === r.body.id,
    );
    expect(card).toBeDefined();
    expect(JSON.stringify(card?.blocks)).toContain('Approve');
    const notice = slack.messages.find(
      (m) => m.channel === 'D0SAM' && m.metadata?.['event_payload']?.action_id === r.body.id,
    );
    expect(notice?.text).toContain('test-agent wants to post in <#C0INFRA>');
    expect(postsOf(r.body.id)).toHaveLength(0);

    const hash = { content_hash: r.body.content_hash };
    const ok = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: hash,
    });
    expect(ok.body.status).toBe('published');
    expect(postsOf(r.body.id)).toHaveLength(1);
    expect(postsOf(r.body.id)[0]?.thread_ts).toBe(THREAD);
    expect(JSON.stringify(postsOf(r.body.id)[0]?.blocks)).toMatch(/approved by (rita|a reviewer)/);
    const updated = slack.messages.find((m) => m.ts === card?.ts);
    expect(updated?.blocks.some((b: Json) => b['type'] === 'actions')).toBe(false);
    expect(JSON.stringify(updated?.blocks)).toContain('Approved and published');
    const again = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: {},
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(postsOf(r.body.id)).toHaveLength(1);
  });

  it('a crash between Slack accepting the post and Airlock recording it does not post twice', async () => {
    const req = await slackRequest('post the deploy status in this thread');
    // Slack stores the message, then the connection dies before Airlock hears back.
    slack.failNext('chat.postMessage', { kind: 'drop' });
    const r = await submit(req, 'Deploy finished at 15:00.');
    expect(postsOf(r.body.id)).toHaveLength(1);
    const done = await until(
      () => t.api('GET', `/v1/actions/${r.body.id}`, { token: t.agentToken }),
      (v) => v.body.status === 'published',
    );
    expect(done.body.status).toBe('published');
    expect(postsOf(r.body.id)).toHaveLength(1);
    expect(done.body.platform_ref).toBe(postsOf(r.body.id)[0]?.ts);
  });

  it('a Slack outage (500) is retried until the post lands, once', async () => {
    const req = await slackRequest('post the deploy status in this thread');
    slack.failNext('chat.postMessage', { kind: 'status', status: 500 }, 2);
    const r = await submit(req, 'Deploy finished at 16:00.');
    const done = await until(
      () => t.api('GET', `/v1/actions/${r.body.id}`, { token: t.agentToken }),
      (v) => v.body.status === 'published',
    );
    expect(done.body.status).toBe('published');
    expect(postsOf(r.body.id)).toHaveLength(1);
  });
});
