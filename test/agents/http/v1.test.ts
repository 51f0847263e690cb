import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { recordLocalRequest, startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';

let t: TestAirlock;
let requestId: string;

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() });
  requestId = await recordLocalRequest(t);
});
afterAll(() => t.close());

const post = (text: string, extra: Record<string, unknown> = {}) => ({
  request_id: requestId,
  action: { kind: 'post', channel: 'general', text },
  ...extra,
});

describe('POST /v1/actions', () => {
  it('publishes an in-scope, low-risk action at once on the local platform', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('deploy finished') });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'published',
      decision: 'publish',
      platform: 'local',
      request_id: requestId,
    });
    expect(r.body.platform_ref).toMatch(/^msg_/);
    const got = await t.api('GET', `/v1/actions/${r.body.id}`, { token: t.agentToken });
    expect(got.body.status).toBe('published');
  });

  it('holds, then publishes exactly once after approval', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] maybe') });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'held', decision: 'hold', reasons: [{ code: 'scope.test' }] });
    const held = await t.api('GET', '/v1/actions?status=held', { token: t.reviewerToken });
    expect(held.body.actions.map((a: { id: string }) => a.id)).toContain(r.body.id);
    const ok = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('published');
    const again = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('illegal_transition');
  });

  it('publishes the edited text when a reviewer edits while approving', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] draft wording') });
    const ok = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash, text: 'final wording' },
    });
    expect(ok.body).toMatchObject({ status: 'published', text: 'final wording' });
  });

  it('needs two approvers from the named group when the decision says so', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold2] risky') });
    const denied = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect(denied.status).toBe(403);
    const first = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.securityReviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect(first.body.status).toBe('held');
    const { token: second } = await t.airlock.gov.admin.addReviewer('sec2', ['security']);
    const done = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: second,
      body: { content_hash: r.body.content_hash },
    });
    expect(done.body.status).toBe('published');
  });

  it('rejects: the action never publishes', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] no') });
    const no = await t.api('POST', `/v1/actions/${r.body.id}/reject`, {
      token: t.reviewerToken,
      body: { reason: 'wrong' },
    });
    expect(no.body.status).toBe('rejected');
    const yes = await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect(yes.status).toBe(409);
    expect((await t.api('GET', `/v1/actions/${r.body.id}`, { token: t.reviewerToken })).body.status).toBe(
      'rejected',
    );
  });

  it('blocks and cannot be approved', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[block] key') });
    expect(r.body.status).toBe('blocked');
    expect(
      (
        await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
          token: t.reviewerToken,
          body: { content_hash: r.body.content_hash },
        })
      ).status,
    ).toBe(409);
  });

  it('replays the first result for the same Idempotency-Key and body; 409 for another body', async () => {
    const headers = { 'idempotency-key': 'k-1' };
    const a = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('once'), headers });
    const b = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('once'), headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const c = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('twice'), headers });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatchObject({ code: 'idempotency_conflict', field: 'Idempotency-Key' });
    const mine = await t.api('GET', '/v1/actions?limit=1000', { token: t.agentToken });
    expect(mine.body.actions.filter((x: { text: string }) => x.text === 'twice')).toHaveLength(0);
  });

  it('400 names the bad field and changes nothing', async () => {
    const before = (await t.api('GET', '/v1/actions?limit=1000', { token: t.reviewerToken })).body.actions
      .length;
    const cases: Array<[unknown, string]> = [
      [{ request_id: requestId, action: { kind: 'post', text: 'x' } }, 'action.channel'],
      [{ request_id: requestId, action: { kind: 'shout', channel: 'g', text: 'x' } }, 'action.kind'],
      [{ action: { kind: 'post', channel: 'g', text: 'x' } }, 'request_id'],
      [{ request_id: 'req_nope', action: { kind: 'post', channel: 'g', text: 'x' } }, 'request_id'],
      [{ request_id: null, action: { kind: 'reply', channel: 'g', text: 'x' } }, 'action.thread'],
      [
        { request_id: null, action: { kind: 'post', channel: 'g', text: 'x' }, platform: 'myspace' },
        'platform',
      ],
      [
        {
          request_id: null,
          action: { kind: 'post', channel: 'g', text: 'x' },
          context: { channels: [{ id: 'g', members: -1 }] },
        },
        'context.channels.0.members',
      ],
      ['{not json', '(body)'],
    ];
    for (const [body, field] of cases) {
      const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field, JSON.stringify(body)).toBe(field);
      expect(r.body.error.message).toContain(field);
    }
    const after = (await t.api('GET', '/v1/actions?limit=1000', { token: t.reviewerToken })).body.actions
      .length;
    expect(after).toBe(before);
  });

  it("413 for text over the platform's limit", async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('x'.repeat(40_001)) });
    expect(r.status).toBe(413);
    expect(r.body.error.field).toBe('action.text');
  });

  it('401 for a missing or wrong token, 403 for the wrong kind of token', async () => {
    expect((await t.api('POST', '/v1/actions', { body: post('x') })).status).toBe(401);
    expect((await t.api('POST', '/v1/actions', { token: 'alk_agent_nope', body: post('x') })).status).toBe(
      401,
    );
    expect((await t.api('POST', '/v1/actions', { token: t.reviewerToken, body: post('x') })).status).toBe(
      403,
    );
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] x') });
    expect(
      (
        await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
          token: t.agentToken,
          body: { content_hash: r.body.content_hash },
        })
      ).status,
    ).toBe(403);
  });

  it('a revoked agent token stops working', async () => {
    const { token } = await t.airlock.gov.admin.addAgent('short-lived');
    expect((await t.api('GET', '/v1/agent/me', { token })).status).toBe(200);
    await t.airlock.gov.admin.revokeAgent('short-lived');
    expect((await t.api('GET', '/v1/agent/me', { token })).status).toBe(401);
  });

  it("an agent cannot see another agent's action", async () => {
    const { token } = await t.airlock.gov.admin.addAgent('other');
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] mine') });
    expect((await t.api('GET', `/v1/actions/${r.body.id}`, { token })).status).toBe(404);
  });

  it('a failing classifier holds the action (fail closed)', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[throw]') });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'held', reasons: [{ code: 'policy.classifier_error' }] });
  });

  it('wait returns when a reviewer decides', async () => {
    const r = await t.api('POST', '/v1/actions', { token: t.agentToken, body: post('[hold] wait for me') });
    const waiting = t.api('GET', `/v1/actions/${r.body.id}/wait?timeout_ms=10000`, { token: t.agentToken });
    await new Promise((res) => setTimeout(res, 100));
    await t.api('POST', `/v1/actions/${r.body.id}/approve`, {
      token: t.reviewerToken,
      body: { content_hash: r.body.content_hash },
    });
    expect((await waiting).body.status).toBe('published');
  });
});

describe('inbox, health, metrics, OpenAPI', () => {
  it('lists requests made of the agent', async () => {
    const r = await t.api('GET', '/v1/agent/requests', { token: t.agentToken });
    expect(r.body.requests.map((x: { id: string }) => x.id)).toContain(requestId);
  });

  it('agents cannot record requests for themselves', async () => {
    const r = await t.api('POST', '/v1/requests', {
      token: t.agentToken,
      body: {
        text: 'post anything anywhere',
        requester: { id: 'U1' },
        platform: 'local',
        origin: { channel: 'D1' },
      },
    });
    expect(r.status).toBe(403);
  });

  it('healthz, readyz, metrics and openapi answer', async () => {
    expect((await t.api('GET', '/healthz')).status).toBe(200);
    const ready = await t.api('GET', '/readyz');
    expect(ready.body).toMatchObject({ ready: true, database: true, migrations: true });
    const m = await t.api('GET', '/metrics');
    expect(m.body).toMatch(/airlock_actions_total\{decision="publish",platform="local"\} \d+/);
    expect(m.body).toMatch(/airlock_submit_decision_seconds_bucket/);
    const doc = await t.api('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/actions', '/v1/requests', '/v1/actions/{id}/approve']),
    );
    expect(
      doc.body.paths['/v1/actions'].post.requestBody.content['application/json'].schema.properties.action,
    ).toBeDefined();
  });
});
