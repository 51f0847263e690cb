// The inbound half every platform shares: a verified webhook becomes a request or a review decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/governance/errors.ts';
import { applyInbound } from '../../src/platforms/platform.ts';
import { startTestAirlock, type TestAirlock } from '../helpers/airlock.ts';
import { markerClassifier } from '../helpers/classifiers.ts';

let t: TestAirlock;
beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() });
  await t.airlock.gov.admin.addReviewer('pat', ['default'], { local: 'U-pat' });
});
afterAll(() => t.close());

describe('applyInbound', () => {
  it('records a request with platform provenance', async () => {
    const r = await applyInbound(t.airlock.gov.reviews, {
      type: 'request',
      request: {
        text: 'post the notes in #general',
        requester: { id: 'U-sam' },
        platform: 'local',
        origin: { channel: 'D-sam' },
        agent_id: t.agentId,
      },
    });
    expect(r.type).toBe('request');
    if (r.type === 'request') expect(r.request.provenance).toBe('platform');
  });

  it('a click by a known reviewer approves and publishes; an unknown user is refused', async () => {
    const agent = await t.airlock.gov.agents.authenticateAgent(t.agentToken);
    const held = await t.airlock.gov.agents.submitAction(agent, {
      request_id: null,
      action: { kind: 'post', channel: 'general', text: '[hold] x' },
    });
    const stranger = applyInbound(t.airlock.gov.reviews, {
      type: 'review',
      platform: 'local',
      platformUserId: 'U-nobody',
      actionId: held.id,
      verdict: 'approve',
    });
    await expect(stranger).rejects.toBeInstanceOf(AirlockError);
    await expect(stranger).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.airlock.gov.reviews.getAction(held.id)).status).toBe('held');
    const r = await applyInbound(t.airlock.gov.reviews, {
      type: 'review',
      platform: 'local',
      platformUserId: 'U-pat',
      actionId: held.id,
      verdict: 'approve',
    });
    expect(r.type === 'review' && r.action.status).toBe('published');
  });
});
