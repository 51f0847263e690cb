// GET /v1/audit: reviewers (and the integration token) read the hash-chained trail by request or action,
// and may have the whole chain verified; agents may not read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';

const INTEGRATION = 'integration-token-for-audit-tests-0123456789';
let t: TestAirlock;
let requestId: string;
let otherRequestId: string;

const record = async (text: string) => {
  const r = await t.api('POST', '/v1/requests', {
    token: INTEGRATION,
    body: {
      text,
      requester: { id: 'U1', name: 'Sam' },
      platform: 'local',
      origin: { channel: 'D1' },
      agent_id: t.agentId,
    },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const submit = async (request: string, text: string) => {
  const r = await t.api('POST', '/v1/actions', {
    token: t.agentToken,
    body: { request_id: request, action: { kind: 'post', channel: 'general', text } },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; status: string };
};

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() }, { AIRLOCK_INTEGRATION_TOKEN: INTEGRATION });
  requestId = await record('post the deploy note in #general');
  otherRequestId = await record('post the lunch menu in #general');
});
afterAll(() => t?.close());

describe('GET /v1/audit', () => {
  it("returns a request's events and those of every action citing it, in chain order", async () => {
    const held = await submit(requestId, '[hold] deploy done');
    const rejected = await t.api('POST', `/v1/actions/${held.id}/reject`, {
      token: t.securityReviewerToken,
      body: { reason: 'not yet' },
    });
    expect(rejected.status).toBe(200);
    const published = await submit(requestId, 'deploy done');
    const unrelated = await submit(otherRequestId, 'soup today');

    const r = await t.api('GET', `/v1/audit?request_id=${requestId}&verify=true`, { token: t.reviewerToken });
    expect(r.status).toBe(200);
    const events = r.body.events as Array<{
      seq: number;
      type: string;
      action_id: string | null;
      hash: string;
    }>;
    expect(events[0]).toMatchObject({ type: 'request.recorded', action_id: null });
    const ids = new Set(events.map((e) => e.action_id));
    expect(ids.has(held.id)).toBe(true);
    expect(ids.has(published.id)).toBe(true);
    expect(ids.has(unrelated.id)).toBe(false);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['action.rejected', 'action.published']),
    );
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(r.body.chain).toMatchObject({ ok: true });
    expect(r.body.chain.events).toBeGreaterThanOrEqual(events.length);

    const one = await t.api('GET', `/v1/audit?action_id=${held.id}`, { token: INTEGRATION });
    expect(one.status).toBe(200);
    expect(one.body.chain).toBeUndefined();
    expect(one.body.events.map((e: { action_id: string }) => e.action_id)).toEqual(
      one.body.events.map(() => held.id),
    );
    expect(one.body.events.map((e: { type: string }) => e.type)).toContain('action.rejected');
  });

  it('pages with after and limit', async () => {
    const first = await t.api('GET', '/v1/audit?limit=2', { token: t.reviewerToken });
    expect(first.body.events).toHaveLength(2);
    const next = await t.api('GET', `/v1/audit?limit=2&after=${first.body.events[1].seq}`, {
      token: t.reviewerToken,
    });
    expect(next.body.events[0].seq).toBe(first.body.events[1].seq + 1);
  });

  it('refuses agents, unknown tokens and bad parameters, naming the field', async () => {
    expect((await t.api('GET', '/v1/audit', { token: t.agentToken })).status).toBe(403);
    expect((await t.api('GET', '/v1/audit', { token: 'alk_reviewer_nope' })).status).toBe(401);
    expect((await t.api('GET', '/v1/audit')).status).toBe(401);
    const bad = await t.api('GET', '/v1/audit?limit=0', { token: t.reviewerToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('limit');
    const nul = await t.api('GET', '/v1/audit?action_id=a%00b', { token: t.reviewerToken });
    expect(nul.status).toBe(400);
  });
});
