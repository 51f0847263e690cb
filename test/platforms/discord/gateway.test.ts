// The optional Gateway client (DISCORD_GATEWAY=true), end to end: a real Airlock connects through
// @discordjs/ws to the fake Discord's Gateway (GET /gateway/bot → WebSocket, HELLO, IDENTIFY, READY)
// with the message intents; a MESSAGE_CREATE mentioning an agent's Discord user records one request,
// even when delivered twice; bots, webhooks and messages without an agent are ignored.
import { GatewayIntentBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { testKeys } from './signing.ts';

const APP = '700000000000000099';
const TOKEN = 'gateway-test-bot-token-0123456789';
const AGENT_USER = '500000000000000001';
const SAM = '400000000000000001';
const CHANNEL = '600000000000000123';
let discord: FakeDiscord;
let t: TestAirlock;
let agentToken = '';

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const message = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  channel_id: CHANNEL,
  guild_id: '800000000000000001',
  content: `<@${AGENT_USER}> can you look at why the nightly export failed?`,
  author: { id: SAM, username: 'sam', global_name: 'Sam', bot: false },
  mentions: [{ id: AGENT_USER, username: 'helper' }],
  timestamp: new Date().toISOString(),
  type: 0,
  ...over,
});

const requests = async () =>
  ((await t.api('GET', '/v1/agent/requests', { token: agentToken })).body.requests ?? []) as Array<{
    text: string;
    provenance: string;
    requester: { id: string };
    origin: { channel: string };
  }>;

beforeAll(async () => {
  discord = await startFakeDiscord({ applicationId: APP });
  t = await startTestAirlock(
    { classifier: markerClassifier() },
    {
      DISCORD_APPLICATION_ID: APP,
      DISCORD_PUBLIC_KEY: testKeys().publicKeyHex,
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_API_URL: discord.url,
      DISCORD_GATEWAY: 'true',
    },
  );
  agentToken = (await t.airlock.gov.admin.addAgent('helper', { discord: AGENT_USER })).token;
  await until(
    () => discord.gateway.identified().length,
    (n) => n > 0,
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  expect(discord.specProblems).toEqual([]);
  await discord.close();
});

describe('Discord Gateway client', () => {
  it('identifies with the bot token and the message intents, Message Content included', () => {
    const [id] = discord.gateway.identified();
    expect(id?.token).toBe(TOKEN);
    expect((id?.intents ?? 0) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
    expect((id?.intents ?? 0) & GatewayIntentBits.GuildMessages).toBe(GatewayIntentBits.GuildMessages);
  });

  it('a mention of an agent records one request, though delivered twice', async () => {
    discord.gateway.dispatch('MESSAGE_CREATE', message('900000000000000001'));
    discord.gateway.dispatch('MESSAGE_CREATE', message('900000000000000001'));
    const mine = await until(requests, (r) => r.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await requests()).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      text: 'can you look at why the nightly export failed?',
      provenance: 'platform',
      requester: { id: SAM },
      origin: { channel: CHANNEL },
    });
  });

  it('ignores bots, webhooks and messages that mention no agent', async () => {
    discord.gateway.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000002', { author: { id: '1', username: 'other-bot', bot: true } }),
    );
    discord.gateway.dispatch('MESSAGE_CREATE', message('900000000000000003', { webhook_id: '77' }));
    discord.gateway.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000004', { mentions: [{ id: SAM }], content: `<@${SAM}> hi` }),
    );
    discord.gateway.dispatch(
      'MESSAGE_CREATE',
      message('900000000000000005', { content: `<@${AGENT_USER}> and one more thing, please` }),
    );
    // The last one is a request: once it is recorded, the three before it (sent first) were handled.
    const all = await until(requests, (r) => r.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await requests()).map((r) => r.text)).toEqual(
      expect.arrayContaining(['and one more thing, please']),
    );
    expect(all).toHaveLength(2);
    expect(await requests()).toHaveLength(2);
  });
});
