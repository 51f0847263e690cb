// Admin endpoints over real HTTP: only reviewers in group admin (or the server's local admin token) may
// manage agents and reviewers; what they do takes effect at once and is described in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';

const LOCAL_ADMIN = 'alk_admin_test-local-admin-token-0123456789';
let t: TestAirlock;
let adminToken: string;

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier(), localAdminToken: LOCAL_ADMIN });
  adminToken = (await t.airlock.gov.admin.addReviewer('ada', ['admin'])).token;
});
afterAll(() => t.close());

describe('admin endpoints', () => {
  it('refuse agents, reviewers outside group admin, and no token', async () => {
    expect((await t.api('GET', '/v1/agents')).status).toBe(401);
    const asAgent = await t.api('GET', '/v1/agents', { token: t.agentToken });
    expect(asAgent.status).toBe(403);
    const asReviewer = await t.api('POST', '/v1/reviewers', {
      token: t.securityReviewerToken,
      body: { name: 'mallory', groups: ['admin'] },
    });
    expect(asReviewer.status).toBe(403);
    expect(asReviewer.body.error.message).toMatch(/not in group admin/);
    expect((await t.api('GET', '/v1/reviewers', { token: adminToken })).body.reviewers).not.toContainEqual(
      expect.objectContaining({ name: 'mallory' }),
    );
  });

  it('add, list and revoke agents; a revoked token stops working at once', async () => {
    const add = await t.api('POST', '/v1/agents', {
      token: adminToken,
      body: { name: 'helper', identities: { slack: 'B900' } },
    });
    expect(add.status).toBe(201);
    expect(add.body.agent).toMatchObject({ name: 'helper', identities: { slack: 'B900' } });
    const token: string = add.body.token;
    expect((await t.api('GET', '/v1/agent/me', { token })).status).toBe(200);

    const list = await t.api('GET', '/v1/agents', { token: adminToken });
    expect(list.body.agents.map((a: { name: string }) => a.name)).toContain('helper');
    expect((await t.api('POST', '/v1/agents', { token: adminToken, body: { name: 'helper' } })).status).toBe(
      409,
    );
    const bad = await t.api('POST', '/v1/agents', { token: adminToken, body: { name: 'no spaces' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'name' } } });

    const revoke = await t.api('POST', '/v1/agents/helper/revoke', { token: adminToken });
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).toBeTruthy();
    expect((await t.api('GET', '/v1/agent/me', { token })).status).toBe(401);
    expect((await t.api('POST', '/v1/agents/nobody/revoke', { token: adminToken })).status).toBe(404);
  });

  it('add, list and revoke reviewers with the local admin token; the audit trail names who', async () => {
    const add = await t.api('POST', '/v1/reviewers', {
      token: LOCAL_ADMIN,
      body: { name: 'rex', groups: ['security'] },
    });
    expect(add.status).toBe(201);
    expect(add.body.reviewer).toMatchObject({ name: 'rex', groups: ['security'] });
    const token: string = add.body.token;
    expect((await t.api('GET', '/v1/actions?status=held', { token })).status).toBe(200);

    const revoke = await t.api('POST', '/v1/reviewers/rex/revoke', { token: LOCAL_ADMIN });
    expect(revoke.status).toBe(200);
    expect((await t.api('GET', '/v1/actions?status=held', { token })).status).toBe(401);
    const list = await t.api('GET', '/v1/reviewers', { token: LOCAL_ADMIN });
    expect(list.body.reviewers.find((r: { name: string }) => r.name === 'rex').revokedAt).toBeTruthy();

    const events = await t.airlock.store.audit.page(0, 1000);
    expect(events.find((e) => e.type === 'reviewer.revoked')?.actor).toBe('local-admin');
    // The local admin token is for the admin endpoints only.
    expect((await t.api('GET', '/v1/actions', { token: LOCAL_ADMIN })).status).toBe(401);
  });

  it('are described in the OpenAPI document', async () => {
    const doc = (await t.api('GET', '/openapi.json')).body;
    for (const path of [
      '/v1/agents',
      '/v1/agents/{name}/revoke',
      '/v1/reviewers',
      '/v1/reviewers/{name}/revoke',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/v1/reviewers'].post.requestBody).toBeDefined();
  });

  it('a body over the server limit is a 413 that states the limit in bytes', async () => {
    const r = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: JSON.stringify({ text: 'a'.repeat(5_000_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/over the limit of 4,194,304 bytes/);
  });

  it("text over the platform's limit is a 413 that states both numbers", async () => {
    const r = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: { request_id: null, action: { kind: 'post', channel: 'general', text: 'x'.repeat(50_000) } },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toBe("action.text: 50,000 characters is over local's limit of 40,000");
  });
});
