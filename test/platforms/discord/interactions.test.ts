// The real /discord/interactions of a real Airlock (PGlite, real HTTP) with Discord pointed at the fake:
// signed interactions from a test key pair; bad signatures, stale and replayed requests refused; then
// end to end: /airlock ask records a request, the agent's out-of-scope post is held, the card appears,
// a non-reviewer is refused privately, approval posts exactly once and edits the card.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { signed, testKeys } from './signing.ts';

const APP = '700000000000000001';
const REVIEW = '600000000000000001';
const GENERAL = '600000000000000002';
const RANDOM = '600000000000000004';
const PRIYA = '500000000000000001';
const RITA = '500000000000000002';
const MALLORY = '500000000000000009';

const keys = testKeys();
let fake: FakeDiscord;
let h: TestAirlock;
const snowflake = () => String(1_100_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));

async function send(payload: unknown, opts: { atMs?: number; tamper?: boolean } = {}) {
  const s = signed(keys, payload, opts.atMs ?? Date.now());
  const res = await fetch(`${h.url}/discord/interactions`, {
    method: 'POST',
    headers: s.headers,
    body: opts.tamper ? s.body.replace('}', ',"x":1}') : s.body,
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: interaction responses are asserted field by field
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

const member = (id: string, name: string) => ({
  user: { id, username: name, global_name: name, discriminator: '0', avatar: null },
  roles: [],
});

function command(user: string, sub: string, options: Array<{ name: string; value: string }> = []) {
  return {
    id: snowflake(),
    application_id: APP,
    type: 2,
    token: `itok-${snowflake()}`,
    version: 1,
    guild_id: '800000000000000001',
    channel_id: GENERAL,
    channel: { id: GENERAL, type: 0 },
    member: member(user, user === PRIYA ? 'priya' : 'someone'),
    data: {
      id: '1',
      name: 'airlock',
      type: 1,
      options: [{ type: 1, name: sub, options: options.map((o) => ({ type: 3, ...o })) }],
    },
  };
}

function click(user: string, customId: string, message: unknown) {
  return {
    id: snowflake(),
    application_id: APP,
    type: 3,
    token: `itok-${snowflake()}`,
    version: 1,
    guild_id: '800000000000000001',
    channel_id: REVIEW,
    member: member(user, 'clicker'),
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}

beforeAll(async () => {
  fake = await startFakeDiscord({ applicationId: APP });
  h = await startTestAirlock(
    {},
    {
      DISCORD_APPLICATION_ID: APP,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
      DISCORD_REVIEW_CHANNEL: REVIEW,
      DISCORD_API_URL: fake.url,
      DISCORD_PUBLISH_AS: 'bot',
    },
  );
  await h.airlock.gov.admin.addReviewer('rita-discord', ['default'], { discord: RITA });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('POST /discord/interactions: verification', () => {
  it('answers PING with PONG', async () => {
    expect(await send({ id: snowflake(), type: 1, application_id: APP, token: 't', version: 1 })).toEqual({
      status: 200,
      body: { type: 1 },
    });
  });

  it('refuses a bad signature, a missing one and a stale one with 401', async () => {
    const ping = { id: snowflake(), type: 1, application_id: APP, token: 't', version: 1 };
    expect((await send(ping, { tamper: true })).status).toBe(401);
    const other = signed(testKeys(), ping, Date.now());
    const forged = await fetch(`${h.url}/discord/interactions`, {
      method: 'POST',
      headers: other.headers,
      body: other.body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${h.url}/discord/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ping),
    });
    expect(unsigned.status).toBe(401);
    expect((await send(ping, { atMs: Date.now() - 10 * 60_000 })).status).toBe(401);
  });

  it('accepts an interaction id once; the replayed body is refused', async () => {
    const help = command(PRIYA, 'help');
    const first = await send(help);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining('/airlock ask') },
    });
    expect((await send(help)).status).toBe(401);
  });
});

describe('end to end on Discord', () => {
  it('ask → held out-of-scope post → card → non-reviewer refused → approval posts once → card edited', async () => {
    // Priya asks the agent for a summary in #general.
    const asked = await send(
      command(PRIYA, 'ask', [
        { name: 'agent', value: 'test-agent' },
        { name: 'request', value: 'summarize the deploy status for me' },
      ]),
    );
    expect(asked.status).toBe(200);
    expect(asked.body.type).toBe(4);
    const requestId = /request (req_\S+)/.exec(asked.body.data.content)?.[1];
    expect(requestId).toBeTruthy();

    // The agent posts in another channel instead: held.
    const submitted = await h.api('POST', '/v1/actions', {
      token: h.agentToken,
      body: {
        request_id: requestId,
        platform: 'discord',
        action: { kind: 'post', channel: RANDOM, text: 'Deploy status: all green, shipping now.' },
      },
    });
    expect(submitted.status).toBeLessThan(300);
    expect(submitted.body.status).toBe('held');
    const actionId: string = submitted.body.id;

    // The card appears in the review channel with the buttons.
    await expect.poll(() => fake.channel(REVIEW).length).toBeGreaterThan(0);
    const cardMsg = fake.channel(REVIEW).find((m) => JSON.stringify(m.embeds).includes(actionId))!;
    expect(cardMsg).toBeTruthy();
    const approveId = (
      cardMsg.components[0] as { components: Array<{ custom_id: string; label: string }> }
    ).components.find((b) => b.label === 'Approve')!.custom_id;

    // Mallory is no reviewer: told privately, nothing changes.
    const refused = await send(click(MALLORY, approveId, cardMsg));
    expect(refused.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await h.api('GET', `/v1/actions/${actionId}`, { token: h.reviewerToken })).body.status).toBe(
      'held',
    );
    expect(fake.channel(RANDOM)).toHaveLength(0);

    // Rita approves: exactly one post, and the card is edited to show the outcome without buttons.
    const approved = await send(click(RITA, approveId, cardMsg));
    expect(approved.status).toBe(200);
    await expect
      .poll(
        async () => (await h.api('GET', `/v1/actions/${actionId}`, { token: h.reviewerToken })).body.status,
      )
      .toBe('published');
    expect(fake.channel(RANDOM).filter((m) => m.embeds[0]?.footer?.text?.endsWith(actionId))).toHaveLength(1);
    const cardNow =
      approved.body.type === 7 ? approved.body.data : fake.channel(REVIEW).find((m) => m.id === cardMsg.id);
    expect(cardNow.components).toEqual([]);

    // A stale click on the old card is answered privately and changes nothing.
    const stale = await send(click(RITA, approveId, cardMsg));
    expect(stale.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(fake.channel(RANDOM).filter((m) => m.embeds[0]?.footer?.text?.endsWith(actionId))).toHaveLength(1);
    expect(fake.specProblems).toEqual([]);
  });

  it('an approval whose publish outlasts the deadline is deferred, then finished through the interaction webhook', async () => {
    const asked = await send(
      command(PRIYA, 'ask', [
        { name: 'agent', value: 'test-agent' },
        { name: 'request', value: 'summarize the incident for me' },
      ]),
    );
    const requestId = /request (req_\S+)/.exec(asked.body.data.content)?.[1];
    const text = 'Incident summary: resolved, root cause a bad config push.';
    const submitted = await h.api('POST', '/v1/actions', {
      token: h.agentToken,
      body: { request_id: requestId, platform: 'discord', action: { kind: 'post', channel: RANDOM, text } },
    });
    expect(submitted.body.status).toBe('held');
    const actionId: string = submitted.body.id;
    await expect
      .poll(() => fake.channel(REVIEW).some((m) => JSON.stringify(m.embeds).includes(actionId)))
      .toBe(true);
    const cardMsg = fake.channel(REVIEW).find((m) => JSON.stringify(m.embeds).includes(actionId))!;
    const approveId = (
      cardMsg.components[0] as { components: Array<{ custom_id: string; label: string }> }
    ).components.find((b) => b.label === 'Approve')!.custom_id;

    // Discord accepts the post but is slow to answer: the click is answered "deferred" in time.
    fake.hangNext(`POST /channels/${RANDOM}/messages`);
    const started = Date.now();
    const approved = await send(click(RITA, approveId, cardMsg));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(approved.body).toEqual({ type: 6 });
    await expect.poll(() => fake.callsTo('PATCH /webhooks/').length, { timeout: 30_000 }).toBe(1);
    expect(fake.callsTo('PATCH /webhooks/')[0]?.path).toMatch(
      new RegExp(`^/webhooks/${APP}/[^/]+/messages/@original$`),
    );
    expect(fake.channel(RANDOM).filter((m) => m.content === text)).toHaveLength(1);
    expect(fake.specProblems).toEqual([]);
  }, 45_000);
});
