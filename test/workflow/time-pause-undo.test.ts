// Time on a hold (reminders, escalation, extend), the kill switch, undo, and the platform port v2 as the
// local reference adapter implements it: through HTTP and the platform gateway, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/governance/errors.ts';
import type { Platform, PlatformRef } from '../../src/governance/ports.ts';
import type { InboundRequest, PlatformAdapter } from '../../src/platforms/platform.ts';
import { INTEGRATION, startWorkflowAirlock, type WorkflowAirlock } from './helpers.ts';

/** A platform whose publish fails the way the test says, with PlatformError. */
function refusingPlatform(): Platform & { mode: 'permanent' | 'rate_limited' | 'ok'; calls: number } {
  const p = {
    name: 'refusing',
    maxTextLength: 1000,
    mode: 'ok' as 'permanent' | 'rate_limited' | 'ok',
    calls: 0,
    publish: async ({ action }: { action: { id: string } }): Promise<PlatformRef> => {
      p.calls++;
      if (p.mode === 'permanent')
        throw new PlatformError('refusing', 'channel_not_found', 'no such channel', { retryable: false });
      if (p.mode === 'rate_limited')
        throw new PlatformError('refusing', 'rate_limited', 'slow down', {
          retryable: true,
          retryAfterMs: 30_000,
        });
      return { id: `ref-${action.id}` };
    },
    requestReview: async () => null,
    updateReview: async () => null,
    notifyRequester: async () => null,
    postDigest: async () => null,
  };
  return p;
}

const inboundSeen: InboundRequest[] = [];
const lifecycle: string[] = [];
const echoAdapter: PlatformAdapter = {
  platform: { ...refusingPlatform(), name: 'echo' },
  inbound: {
    path: '/echo/events',
    handle: async (req) => {
      inboundSeen.push(req);
      return { status: 200, headers: { 'x-echo': 'yes' }, body: { bytes: req.rawBody.length } };
    },
  },
  start: async () => {
    lifecycle.push('start');
  },
  stop: async () => {
    lifecycle.push('stop');
  },
};

const refusing = refusingPlatform();
let t: WorkflowAirlock;
beforeAll(async () => {
  t = await startWorkflowAirlock({ platforms: [refusing], adapters: [echoAdapter] });
});
afterAll(async () => {
  await t?.close();
});

const approve = (id: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/v1/actions/${id}/approve`, { token, body });

describe('time: reminders, escalation, extend', () => {
  it('reminds once before expiry, escalates once when unanswered, and extend gives more time', async () => {
    const a = await t.submit('[hold] waits a while', null);
    const gov = t.airlock.gov;
    t.clock.advance(25 * 3600_000); // past the escalation threshold (24 h)
    await Promise.all([gov.worker.tick(), gov.worker.tick()]);
    expect(await t.audit(a.id, 'review.escalated')).toHaveLength(1);
    const escalated = await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken });
    expect(escalated.body.approvals).toMatchObject({ group: 'default', escalated_to: 'admin' });
    expect(await t.audit(a.id, 'review.reminded')).toHaveLength(0);

    t.clock.advance(44 * 3600_000); // 69 h of 72: within the 4 h reminder window
    await Promise.all([gov.worker.tick(), gov.worker.tick()]);
    await gov.worker.tick();
    expect(await t.audit(a.id, 'review.reminded')).toHaveLength(1);

    const before = new Date(escalated.body.expires_at).getTime();
    const ext = await t.api('POST', `/v1/actions/${a.id}/extend`, {
      token: t.reviewerToken,
      body: { hours: 24 },
    });
    expect(ext.status).toBe(200);
    expect(new Date(ext.body.expires_at).getTime()).toBe(before + 24 * 3600_000);
    expect((await t.audit(a.id, 'action.extended'))[0].data).toMatchObject({
      expiresAt: ext.body.expires_at,
    });
    t.clock.advance(4 * 3600_000); // past the original expiry, not the extended one
    await gov.worker.tick();
    expect((await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken })).body.status).toBe('held');
    t.clock.advance(24 * 3600_000);
    await gov.worker.tick();
    expect((await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken })).body.status).toBe(
      'expired',
    );
    expect(await t.audit(a.id, 'action.expired')).toHaveLength(1);
  });

  it('regression: a hold past its expiry is not approved, released or extended before the worker marks it', async () => {
    const req = await t.requestBy('U-sam', { text: 'what is the deploy status?' });
    const a = await t.submit('[hold] deploy is green', req);
    t.clock.advance(73 * 3600_000); // past the 72 h hold; the worker has not run
    const ok = { content_hash: a.content_hash };
    const late = await approve(a.id, t.reviewerToken, ok);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired at .*can no longer be approved/);
    const ext = await t.api('POST', `/v1/actions/${a.id}/extend`, { token: t.reviewerToken, body: {} });
    expect(ext.status).toBe(409);
    expect(ext.body.error.message).toMatch(/can no longer be extended/);
    const consent = await t.airlock.gov.reviews
      .release({ kind: 'platform', platform: 'local', platformUserId: 'U-sam' }, a.id)
      .then(
        () => 'released',
        (e: Error) => e.message,
      );
    expect(consent).toMatch(/can no longer be released/);
    expect(await t.audit(a.id, 'action.approved')).toHaveLength(0);
    await t.airlock.gov.worker.tick();
    expect((await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken })).body.status).toBe(
      'expired',
    );
  });
});

describe('kill switch', () => {
  it('pause holds every action of the agent, approved ones included; resume lets reviewers decide again', async () => {
    const held = await t.submit('[hold] waiting before the pause', null);
    const denied = await t.api('POST', '/v1/agents/test-agent/pause', {
      token: t.reviewerToken,
      body: { reason: 'x' },
    });
    expect(denied.status).toBe(403);
    const p = await t.api('POST', '/v1/agents/test-agent/pause', {
      token: t.adminToken,
      body: { reason: 'misbehaving' },
    });
    expect(p.status).toBe(200);
    const [ev] = await t.audit(null, 'agent.paused');
    expect(ev.data).toMatchObject({ agentId: t.agentId, reason: 'misbehaving' });

    const fresh = await t.submit('an in-scope note that would publish', null);
    expect(fresh.status).toBe('held');
    const view = await t.api('GET', `/v1/actions/${fresh.id}`, { token: t.reviewerToken });
    expect(view.body.reasons.map((r: { code: string }) => r.code)).toContain('policy.agent_paused');
    const approveWhilePaused = await approve(held.id, t.reviewerToken, { content_hash: held.content_hash });
    expect(approveWhilePaused.status).toBe(409);
    expect(approveWhilePaused.body.error.code).toBe('agent_paused');

    const r = await t.api('POST', '/v1/agents/test-agent/resume', { token: t.adminToken, body: {} });
    expect(r.status).toBe(200);
    expect(await t.audit(null, 'agent.resumed')).toHaveLength(1);
    const ok = await approve(held.id, t.reviewerToken, { content_hash: held.content_hash });
    expect(ok.body.status).toBe('published');
  });

  it('a publish claimed before the pause is held at the claim, not delivered', async () => {
    const { agent } = await t.airlock.gov.admin.addAgent('claimed-agent');
    refusing.mode = 'rate_limited';
    const { view } = await t.airlock.gov.agents.submit(agent, {
      request_id: null,
      platform: 'refusing',
      action: { kind: 'post', channel: 'general', text: 'goes out on retry' },
    });
    const retrying = await t.airlock.gov.agents.getAction(agent, view.id);
    refusing.mode = 'ok';
    expect(retrying.status).toBe('publishing');
    await t.airlock.gov.admin.pauseAgent('claimed-agent', 'stop now');
    t.clock.advance(31_000);
    await t.airlock.gov.worker.tick();
    const after = await t.airlock.gov.agents.getAction(agent, view.id);
    expect(after.status).toBe('held');
    expect(after.reasons.map((r) => r.code)).toContain('policy.agent_paused');
    await t.airlock.gov.admin.resumeAgent('claimed-agent');
  });
});

describe('PlatformError in the publish retry', () => {
  it('a permanent refusal fails at once with the platform code; a rate limit waits at least retry-after', async () => {
    const { agent } = await t.airlock.gov.admin.addAgent('err-agent');
    const body = (text: string) => ({
      request_id: null,
      platform: 'refusing',
      action: { kind: 'post' as const, channel: 'general', text },
    });
    refusing.mode = 'permanent';
    const failed = (await t.airlock.gov.agents.submit(agent, body('to nowhere'))).view;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/channel_not_found/);

    refusing.mode = 'rate_limited';
    const limited = (await t.airlock.gov.agents.submit(agent, body('slowly'))).view;
    expect(limited.status).toBe('publishing');
    const row = await t.airlock.store.actions.get(limited.id);
    expect(row!.nextAttemptAt!.getTime() - t.clock.ms).toBeGreaterThanOrEqual(30_000);
    refusing.mode = 'ok';
    t.clock.advance(30_000);
    await t.airlock.gov.worker.tick();
    expect((await t.airlock.gov.agents.getAction(agent, limited.id)).status).toBe('published');
  });
});

describe('undo', () => {
  it('a reviewer or the requester retracts within the window; the post is deleted and the audit says who', async () => {
    const req = await t.requestBy('U-undo');
    const a = await t.submit('deploy finished', req);
    expect(a.status).toBe('published');
    const r = await t.api('POST', `/v1/actions/${a.id}/retract`, {
      token: INTEGRATION,
      body: { requester_id: 'U-undo', reason: 'wrong channel' },
    });
    expect(r.body.status).toBe('retracted');
    const [ev] = await t.audit(a.id, 'action.retracted');
    expect(ev).toMatchObject({ actor: 'requester:local:U-undo', data: { reason: 'wrong channel' } });
    const msgs = await t.api('GET', `/v1/local/messages?action_id=${a.id}&type=message`, {
      token: t.reviewerToken,
    });
    expect(msgs.body.messages[0].data).toMatchObject({ retracted: true });

    const b = await t.submit('deploy finished again', null);
    const byReviewer = await t.api('POST', `/v1/actions/${b.id}/retract`, {
      token: t.reviewerToken,
      body: {},
    });
    expect(byReviewer.body.status).toBe('retracted');
    expect((await t.audit(b.id, 'action.retracted'))[0].actor).toMatch(/^reviewer:/);

    const c = await t.submit('deploy finished, third time', null);
    t.clock.advance(11 * 60_000);
    const late = await t.api('POST', `/v1/actions/${c.id}/retract`, { token: t.reviewerToken, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/no longer be retracted/);
  });
});

describe('platform port v2 on the local platform', () => {
  it('the review card is one row updated in place with tally and outcome; clicks are de-duplicated', async () => {
    const a = await t.submit('[hold2] two keys please', null);
    const { token: sec2 } = await t.airlock.gov.admin.addReviewer('sec3', ['security'], { local: 'U-sec3' });
    void sec2;
    const gw = t.airlock.gov.platform;
    const first = await gw.decide({
      platform: 'local',
      platformUserId: 'U-ivy',
      actionId: a.id,
      verb: 'approve',
      contentHash: a.content_hash,
      interactionId: 'click-1',
    });
    expect(first.message).toMatch(/1 more approval/);
    expect(first.card.tally.map((x) => x.reviewerName)).toEqual(['ivy']);
    const replay = await gw.decide({
      platform: 'local',
      platformUserId: 'U-ivy',
      actionId: a.id,
      verb: 'approve',
      contentHash: a.content_hash,
      interactionId: 'click-1',
    });
    expect(replay.message).toBe('Already recorded.');
    const stranger = gw.decide({
      platform: 'local',
      platformUserId: 'U-nobody',
      actionId: a.id,
      verb: 'approve',
      contentHash: a.content_hash,
    });
    await expect(stranger).rejects.toMatchObject({ code: 'forbidden' });
    expect((await gw.pendingFor('local', 'U-sec3')).map((c) => c.action.id)).toContain(a.id);
    const done = await gw.decide({
      platform: 'local',
      platformUserId: 'U-sec3',
      actionId: a.id,
      verb: 'approve',
      contentHash: a.content_hash,
    });
    expect(done.action.status).toBe('published');
    expect(done.card.outcome).toMatchObject({ status: 'published' });

    const cards = await t.api('GET', `/v1/local/messages?action_id=${a.id}&type=review_card`, {
      token: t.reviewerToken,
    });
    expect(cards.body.messages).toHaveLength(1);
    expect(cards.body.messages[0].text).toMatch(/Outcome: published/);
    expect(cards.body.messages[0].data.tally).toHaveLength(2);
    const posts = await t.api('GET', `/v1/local/messages?action_id=${a.id}&type=message`, {
      token: t.reviewerToken,
    });
    expect(posts.body.deliveries).toBe(1);
    expect(await t.airlock.store.refs.get(a.id, 'review_card')).toMatchObject({
      id: cards.body.messages[0].id,
    });
    expect(await t.airlock.store.refs.get(a.id, 'message')).toMatchObject({ id: posts.body.messages[0].id });
  });

  it('publishing the same action again finds the earlier delivery instead of posting twice', async () => {
    const a = await t.submit('exactly once please', null);
    const row = await t.airlock.store.actions.get(a.id);
    const again = await t.airlock.local.publish({ action: row!, idempotencyKey: a.id, approvedBy: [] });
    expect(again.id).toBe(row!.platformRef);
    expect(await t.airlock.local.deliveries(a.id)).toBe(1);
  });

  it('mounts adapters: inbound gets the raw body for any content type, lower-cased headers; start/stop run', async () => {
    expect(lifecycle).toEqual(['start']);
    const form = 'payload=%7B%22a%22%3A1%7D&token=x';
    const res = await fetch(`${t.url}/echo/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Signature': 'v0=abc' },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(await res.json()).toEqual({ bytes: form.length });
    const json = await fetch(`${t.url}/echo/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"url_verification"}',
    });
    expect(json.status).toBe(200);
    const [formReq, jsonReq] = inboundSeen;
    expect(formReq!.rawBody.toString()).toBe(form);
    expect(formReq!.headers['x-signature']).toBe('v0=abc');
    expect(jsonReq!.rawBody.toString()).toBe('{"type":"url_verification"}');
    expect(t.airlock.platforms.has('echo')).toBe(true);
  });
});
