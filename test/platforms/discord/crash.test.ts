// A crash between Discord's acceptance of a post and Airlock's record of it: the fake accepts the first
// post and never answers (the process that sent it is as good as dead), the claim lapses, and another
// worker on the same database takes the action over. Exactly one message lands, in both publish modes:
// as the bot Discord returns the first message for the repeated nonce (enforce_nonce); through the
// webhook the adapter finds its earlier post by the action id in the provenance footer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Airlock } from '../../../src/main.ts';
import type { Agent } from '../../../src/governance/model.ts';
import { DEFAULT_SETTINGS } from '../../../src/governance/pipeline/index.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { manualClock } from '../../helpers/clock.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import { createAirlockOn } from '../../helpers/pipeline.ts';
import { testKeys } from './signing.ts';

const APP = '700000000000000001';
const GENERAL = '600000000000000002';

describe.each(['webhook', 'bot'] as const)('crash between post and record (%s)', (mode) => {
  let fake: FakeDiscord;
  let db: TestDb;
  let airlock: Airlock;
  let agent: Agent;
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    fake = await startFakeDiscord({ applicationId: APP });
    db = await createTestDb();
    airlock = await createAirlockOn(
      db,
      { classifier: markerClassifier(), clock },
      {
        DISCORD_APPLICATION_ID: APP,
        DISCORD_PUBLIC_KEY: testKeys().publicKeyHex,
        DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
        DISCORD_REVIEW_CHANNEL: '600000000000000001',
        DISCORD_API_URL: fake.url,
        DISCORD_PUBLISH_AS: mode,
      },
    );
    agent = (await airlock.gov.admin.addAgent('poster')).agent;
  });
  afterAll(async () => {
    await fake?.close();
    await airlock?.close();
    await db?.drop();
  });

  it('the takeover finds the accepted post: exactly one message', async () => {
    const text = `The ${mode} deploy finished.`;
    fake.hangNext(mode === 'bot' ? `POST /channels/${GENERAL}/messages` : 'POST /webhooks/');
    const dead = airlock.gov.agents.submit(agent, {
      request_id: null,
      platform: 'discord',
      action: { kind: 'post', channel: GENERAL, text },
    });
    dead.catch(() => {});
    const mine = () => fake.channel(GENERAL).filter((m) => m.content === text);
    await expect.poll(mine).toHaveLength(1);
    const [action] = await airlock.store.actions.list({ agentId: agent.id });
    expect(action?.status).toBe('publishing');

    clock.advance(DEFAULT_SETTINGS.claimLeaseMs);
    await airlock.gov.worker.tick();
    await expect
      .poll(async () => (await airlock.store.actions.get(action!.id))?.status, { timeout: 30_000 })
      .toBe('published');
    const published = await airlock.store.actions.get(action!.id);
    expect(mine()).toHaveLength(1);
    expect(published?.platformRef).toBe(mine()[0]?.id);
    expect(fake.specProblems).toEqual([]);
  }, 40_000);
});
