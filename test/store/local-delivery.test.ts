// The local platform's delivery is written by the statement that records the action published: an
// auto-published local action is staged, delivered and recorded in one transaction (one statement shared
// with concurrent submissions). Under concurrency each acknowledged action has exactly one delivery, its
// ref, and its three audit events, and the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../helpers/classifiers.ts';
import { recordLocalRequest, startTestAirlock, type TestAirlock } from '../helpers/airlock.ts';
import { allAuditEvents, verifyStoreChain } from '../helpers/pipeline.ts';

let t: TestAirlock;
let requestId: string;

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() });
  requestId = await recordLocalRequest(t);
});
afterAll(() => t.close());

describe('local delivery with its record', () => {
  it('40 concurrent submissions: each published one delivered once, with its ref and events; held ones carded', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? `[hold] note ${i}` : `note ${i}`));
    const answers = await Promise.all(
      texts.map((text) =>
        t.api('POST', '/v1/actions', {
          token: t.agentToken,
          body: { request_id: requestId, action: { kind: 'post', channel: 'general', text } },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(texts.map(() => 201));
    const events = await allAuditEvents(t.airlock.store);
    for (const [i, a] of answers.entries()) {
      const held = texts[i]!.startsWith('[hold]');
      expect(a.body.status).toBe(held ? 'held' : 'published');
      const mine = events.filter((e) => e.actionId === a.body.id).map((e) => e.type);
      if (held) {
        expect(await t.airlock.local.deliveries(a.body.id)).toBe(0);
        expect(await t.airlock.store.refs.get(a.body.id, 'review_card')).not.toBeNull();
        expect(await t.airlock.store.refs.get(a.body.id, 'notice')).not.toBeNull();
        continue;
      }
      expect(mine).toEqual(['action.received', 'action.decided', 'action.published']);
      expect(await t.airlock.local.deliveries(a.body.id)).toBe(1);
      const ref = await t.airlock.store.refs.get(a.body.id, 'message');
      expect(ref?.id).toBe(a.body.platform_ref);
      const [message] = await t.airlock.outbox.list({ actionId: a.body.id, type: 'message' });
      expect(message).toMatchObject({ id: a.body.platform_ref, text: texts[i], channel: 'general' });
    }
    expect(await verifyStoreChain(t.airlock.store)).toMatchObject({ ok: true });
  });
});
