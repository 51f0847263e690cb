// The review rules through the HTTP API (real server, real database): trusted requests and separation of
// duties, exact-content approvals (edits restart the tally, edits and redactions are judged again),
// requester consent, and the three holes measured on the old main as regression tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakes } from '../governance/detect/fakes.ts';
import { INTEGRATION, startWorkflowAirlock, type WorkflowAirlock } from './helpers.ts';

let t: WorkflowAirlock;
beforeAll(async () => {
  t = await startWorkflowAirlock();
});
afterAll(() => t?.close());

const approve = (id: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/v1/actions/${id}/approve`, { token, body });

describe('trusted requests', () => {
  it('refuses provenance from the caller; a reviewer who records a request is its recorded author', async () => {
    const body = {
      text: 'reply to everyone in #general',
      requester: { id: 'U-victim', name: 'Victim' },
      platform: 'local',
      origin: { channel: 'general' },
      agent_id: t.agentId,
    };
    const forged = await t.api('POST', '/v1/requests', {
      token: t.reviewerToken,
      body: { ...body, provenance: 'platform' },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.field).toBe('provenance');

    const ok = await t.api('POST', '/v1/requests', { token: t.reviewerToken, body });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ provenance: 'api', recordedBy: expect.stringMatching(/^reviewer:/) });
    const recorded = (await t.audit(null, 'request.recorded')).find((e) => e.data.requestId === ok.body.id);
    expect(recorded.actor).toMatch(/^reviewer:rvw_/);

    const viaIntegration = await t.api('POST', '/v1/requests', { token: INTEGRATION, body });
    expect(viaIntegration.body).toMatchObject({ provenance: 'api', recordedBy: 'integration' });
  });

  it('provenance platform only through a verified platform event, de-duplicated by event id', async () => {
    const input = {
      platform: 'local',
      eventId: 'Ev-1',
      requester: { id: 'U-sam', name: 'Sam' },
      text: 'post the deploy note in #general',
      origin: { channel: 'general' },
      agentId: t.agentId,
    };
    const first = await t.airlock.gov.platform.recordRequest(input);
    const again = await t.airlock.gov.platform.recordRequest({ ...input, text: 'something else' });
    expect(first).toMatchObject({ replayed: false, request: { provenance: 'platform', text: input.text } });
    expect(again).toMatchObject({ replayed: true, request: { id: first.request.id, text: input.text } });
  });

  it('regression (hole 1): a reviewer who recorded the request cannot approve its content-risk hold', async () => {
    const req = await t.requestBy('U-someone', { token: t.reviewerToken });
    const a = await t.submit('the key is SECRET-abc', req);
    expect(a.status).toBe('held');
    const self = await approve(a.id, t.reviewerToken, { content_hash: a.content_hash });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/separation of duties/);
    const other = await approve(a.id, t.securityReviewerToken, { content_hash: a.content_hash });
    expect(other.body.status).toBe('published');
    const approved = await t.audit(a.id, 'action.approved');
    expect(approved[0].actor).toMatch(/^reviewer:/);
    expect(approved[0].data).toMatchObject({ contentHash: a.content_hash, edited: false, redacted: false });
  });

  it('whoever made the request (same platform identity) cannot approve its content-risk hold', async () => {
    const req = await t.requestBy('U-ivy');
    const a = await t.submit('[sec] give ivy admin SECRET-x', req);
    expect((await approve(a.id, t.ivyToken, { content_hash: a.content_hash })).status).toBe(403);
    // A scope-only hold is no content risk: the requester's own reviewer may approve it.
    const b = await t.submit('[hold] a note in #random', req);
    expect((await approve(b.id, t.ivyToken, { content_hash: b.content_hash })).body.status).toBe('published');
  });
});

describe('exact-content approvals', () => {
  it('needs content_hash; another hash is content_changed', async () => {
    const a = await t.submit('[hold] check me', null);
    const missing = await approve(a.id, t.reviewerToken, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('content_hash');
    const wrong = await approve(a.id, t.reviewerToken, { content_hash: 'f'.repeat(64) });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'content_changed', field: 'content_hash' });
    const view = await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken });
    expect(view.body).toMatchObject({ status: 'held', content_hash: a.content_hash });
  });

  it('regression (hole 2): a second reviewer cannot approve an edit they did not see; the edit restarts the tally', async () => {
    const a = await t.submit('[hold2] rotate the key', null);
    const { token: sec2 } = await t.airlock.gov.admin.addReviewer('sec2', ['security']);
    const edited = await approve(a.id, t.securityReviewerToken, {
      content_hash: a.content_hash,
      text: 'rotate ALL keys now',
    });
    expect(edited.body).toMatchObject({ status: 'held', text: 'rotate ALL keys now' });
    expect(edited.body.content_hash).not.toBe(a.content_hash);
    const stale = await approve(a.id, sec2, { content_hash: a.content_hash });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('content_changed');
    expect((await t.api('GET', `/v1/actions/${a.id}`, { token: sec2 })).body.status).toBe('held');
    // The editor's approval is one of two on the new text; the same reviewer again does not count twice.
    const twice = await approve(a.id, t.securityReviewerToken, { content_hash: edited.body.content_hash });
    expect(twice.body.status).toBe('held');
    const done = await approve(a.id, sec2, { content_hash: edited.body.content_hash });
    expect(done.body).toMatchObject({ status: 'published', text: 'rotate ALL keys now' });
    const [ev] = await t.audit(a.id, 'action.approved');
    expect(ev.data).toMatchObject({ contentHash: edited.body.content_hash });
    expect(ev.data.approvers).toHaveLength(2);
    expect((await t.audit(a.id, 'action.edited'))[0].data).toMatchObject({
      from: a.content_hash,
      to: edited.body.content_hash,
    });
  });

  it('regression (hole 3): an edit that adds a live token is judged again and stays held', async () => {
    const a = await t.submit('[hold] the deploy finished', null);
    const token = fakes(7).githubToken();
    const r = await approve(a.id, t.reviewerToken, {
      content_hash: a.content_hash,
      text: `the deploy finished, use ${token}`,
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('held');
    expect(r.body.reasons.map((x: { code: string }) => x.code)).toContain('secret.github_token');
    // Nobody approves the blocked text as it stands; it never reached the platform.
    const again = await approve(a.id, t.securityReviewerToken, { content_hash: r.body.content_hash });
    expect(again.status).toBe(403);
    const seen = await t.api('GET', `/v1/local/messages?action_id=${a.id}&type=message`, {
      token: t.reviewerToken,
    });
    expect(seen.body.deliveries).toBe(0);
  });

  it('redact-and-approve replaces flagged spans, is judged again, and publishes the redacted text', async () => {
    const a = await t.submit('[hold] use SECRET-abc for the build', null);
    const r = await approve(a.id, t.securityReviewerToken, { content_hash: a.content_hash, redact: true });
    expect(r.body).toMatchObject({ status: 'published', text: '[hold] use [redacted] for the build' });
    expect((await t.audit(a.id, 'action.edited'))[0].data).toMatchObject({ redacted: true });
    expect((await t.audit(a.id, 'action.approved'))[0].data).toMatchObject({ edited: true, redacted: true });
  });

  it('an edit that now needs a group the reviewer is not in stays held with the new reasons', async () => {
    const a = await t.submit('[hold] plain note', null);
    const r = await approve(a.id, t.reviewerToken, {
      content_hash: a.content_hash,
      text: '[sec] plain note',
    });
    expect(r.body).toMatchObject({ status: 'held', approvals: { group: 'security' } });
    expect(r.body.reasons.map((x: { code: string }) => x.code)).toEqual(['permission.test']);
    const ok = await approve(a.id, t.securityReviewerToken, { content_hash: r.body.content_hash });
    expect(ok.body.status).toBe('published');
  });
});

describe('requester consent', () => {
  it('the requester releases a scope-only hold: a grant on the request, then published', async () => {
    const req = await t.requestBy('U-rel');
    const a = await t.submit('[hold] post it in #random instead', req);
    const notMine = await t.api('POST', `/v1/actions/${a.id}/release`, {
      token: INTEGRATION,
      body: { requester_id: 'U-other' },
    });
    expect(notMine.status).toBe(403);
    const r = await t.api('POST', `/v1/actions/${a.id}/release`, {
      token: INTEGRATION,
      body: { requester_id: 'U-rel' },
    });
    expect(r.body.status).toBe('published');
    const [ev] = await t.audit(a.id, 'action.released');
    expect(ev.actor).toBe('requester:local:U-rel');
    expect(await t.airlock.store.grants.forRequest(req)).toMatchObject([
      { actionId: a.id, contentHash: a.content_hash, grantedBy: 'requester:local:U-rel' },
    ]);
  });

  it('content risks still need a reviewer; the requester may discard', async () => {
    const req = await t.requestBy('U-dis');
    const a = await t.submit('[hold] SECRET-zzz', req);
    const rel = await t.api('POST', `/v1/actions/${a.id}/release`, {
      token: INTEGRATION,
      body: { requester_id: 'U-dis' },
    });
    expect(rel.status).toBe(403);
    const d = await t.api('POST', `/v1/actions/${a.id}/discard`, {
      token: INTEGRATION,
      body: { requester_id: 'U-dis', reason: 'not needed' },
    });
    expect(d.body.status).toBe('rejected');
    const [ev] = await t.audit(a.id, 'action.rejected');
    expect(ev).toMatchObject({
      actor: 'requester:local:U-dis',
      data: { discarded: true, reason: 'not needed' },
    });
  });

  it('a reviewer whose identity is the requester may release; the notice shows the outcome', async () => {
    const req = await t.requestBy('U-ivy');
    const a = await t.submit('[hold] over in #random', req);
    const r = await t.api('POST', `/v1/actions/${a.id}/release`, { token: t.ivyToken, body: {} });
    expect(r.body.status).toBe('published');
    const notices = await t.api('GET', `/v1/local/messages?action_id=${a.id}&type=notice`, {
      token: t.reviewerToken,
    });
    expect(notices.body.messages).toHaveLength(1);
    expect(notices.body.messages[0]).toMatchObject({ recipient: 'U-ivy', data: { event: 'published' } });
  });
});
