// Forum holds reviewed on Discord: with Discord's review channel configured (DISCOURSE_REVIEW_VIA=auto),
// a held forum topic gets an ordinary Discord review card and no review topic; a reviewer's click on
// Discord approves it through the same use case, the topic appears once on the forum under the agent's
// user, and the Discord card is edited to show the outcome.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { type FakeDiscourse, startFakeDiscourse } from '../../fakes/discourse.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { signed, testKeys } from '../discord/signing.ts';
import { forumEnv, REVIEW_CATEGORY } from './helpers.ts';

const APP = '700000000000000001';
const REVIEW = '600000000000000001';
const RITA = '500000000000000002';
const keys = testKeys();
let discord: FakeDiscord;
let forum: FakeDiscourse;
let h: TestAirlock;
let token: string;

beforeAll(async () => {
  discord = await startFakeDiscord({ applicationId: APP });
  forum = await startFakeDiscourse();
  h = await startTestAirlock(
    { classifier: markerClassifier() },
    {
      ...forumEnv(forum),
      DISCORD_APPLICATION_ID: APP,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
      DISCORD_REVIEW_CHANNEL: REVIEW,
      DISCORD_API_URL: discord.url,
    },
  );
  token = (await h.airlock.gov.admin.addAgent('forum-helper', { forum: 'helperbot' })).token;
  await h.airlock.gov.admin.addReviewer('rita-both', ['default'], { discord: RITA, forum: 'rita' });
});
afterAll(async () => {
  await h?.close();
  await forum?.close();
  await discord?.close();
});

it('a held forum topic is reviewed on Discord and published once on the forum', async () => {
  const submitted = await h.api('POST', '/v1/actions', {
    token,
    body: {
      request_id: null,
      platform: 'forum',
      action: { kind: 'post', channel: '6', text: 'Launch\n\n[hold] We launch on Monday.' },
    },
  });
  expect(submitted.body.status).toBe('held');
  const actionId: string = submitted.body.id;
  await expect
    .poll(() => discord.channel(REVIEW).some((m) => JSON.stringify(m.embeds).includes(actionId)))
    .toBe(true);
  expect(forum.inCategory(REVIEW_CATEGORY)).toHaveLength(0);
  const card = discord.channel(REVIEW).find((m) => JSON.stringify(m.embeds).includes(actionId))!;
  const approveId = (
    card.components[0] as { components: Array<{ custom_id: string; label: string }> }
  ).components.find((b) => b.label === 'Approve')!.custom_id;
  const click = {
    id: String(1_100_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47))),
    application_id: APP,
    type: 3,
    token: 'itok-1',
    version: 1,
    guild_id: '800000000000000001',
    channel_id: REVIEW,
    member: {
      user: { id: RITA, username: 'rita', global_name: 'rita', discriminator: '0', avatar: null },
      roles: [],
    },
    message: card,
    data: { custom_id: approveId, component_type: 2 },
  };
  const s = signed(keys, click, Date.now());
  const res = await fetch(`${h.url}/discord/interactions`, {
    method: 'POST',
    headers: s.headers,
    body: s.body,
  });
  expect(res.status).toBe(200);
  await expect
    .poll(async () => (await h.api('GET', `/v1/actions/${actionId}`, { token: h.reviewerToken })).body.status)
    .toBe('published');
  const topics = forum.inCategory(6).filter((t) => t.external_id === actionId);
  expect(topics).toHaveLength(1);
  expect(topics[0]!.posts[0]).toMatchObject({ username: 'helperbot' });
  expect(topics[0]!.posts[0]!.raw).toContain('approved by rita-both');
  // The card was edited in place (no buttons left), by the click's answer or by the outcome update.
  await expect
    .poll(() => discord.channel(REVIEW).find((m) => m.id === card.id)?.components.length ?? 0)
    .toBe(0);
  expect(forum.specProblems).toEqual([]);
  expect(discord.specProblems).toEqual([]);
});
