import { readFileSync } from 'node:fs';
import { Digest } from '../../../src/governance/digest/index.ts';
// The outbound half against the fake Discord over real HTTP: publishing as the bot (nonce) and through
// a channel webhook (lookup before posting), rate limits and outages as PlatformErrors, review cards,
// requester DMs, the digest, retraction and command registration. Every call is checked against
// Discord's OpenAPI description when ../shared/specs is present.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Agent, StoredRequest } from '../../../src/governance/model.ts';
import type { ReviewCard } from '../../../src/governance/ports.ts';
import { isPlatformError } from '../../../src/governance/errors.ts';
import { createDiscordPlatform, nonceFor, registerCommands } from '../../../src/platforms/discord/index.ts';
import { decodeClick } from '../../../src/platforms/discord/render/custom-id.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { testKeys } from './signing.ts';

const APP = '700000000000000001';
const REVIEW = '600000000000000001';
const GENERAL = '600000000000000002';
const THREAD = '600000000000000003';
const USER = '500000000000000001';
const T0 = new Date(Date.UTC(2030, 0, 1));

const agent: Agent = {
  id: 'agt_1',
  name: 'helper',
  identities: { discord: '400000000000000001' },
  createdAt: T0,
  revokedAt: null,
};

function action(over: Partial<Action> = {}): Action {
  return {
    id: `act_${Math.random().toString(36).slice(2, 14)}`,
    agentId: agent.id,
    requestId: 'req_1',
    kind: 'post',
    platform: 'discord',
    channel: GENERAL,
    thread: null,
    recipient: null,
    text: 'The 14:00 deploy finished.',
    change: null,
    context: null,
    contentHash: 'a'.repeat(64),
    status: 'publishing',
    decision: { decision: 'publish', in_scope: true, risk: 'none', reasons: [] },
    idempotencyKey: null,
    bodyHash: null,
    platformRef: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    expiresAt: null,
    createdAt: T0,
    updatedAt: T0,
    decidedAt: T0,
    publishedAt: null,
    ...over,
  };
}

const request: StoredRequest = {
  id: 'req_1',
  text: 'summarize the deploy',
  requester: { id: USER, name: 'priya' },
  platform: 'discord',
  origin: { channel: GENERAL, thread: null },
  provenance: 'platform',
  agentId: agent.id,
  createdAt: T0,
};

function card(a: Action, over: Partial<ReviewCard> = {}): ReviewCard {
  return {
    action: a,
    request,
    agent,
    reasons: a.decision.reasons,
    required: { count: 1, group: 'default' },
    tally: [],
    contentHash: a.contentHash,
    expiresAt: new Date(T0.getTime() + 3600_000),
    redactable: true,
    scopeOnly: false,
    eligible: [],
    ...over,
  };
}

const held = () =>
  action({
    status: 'held',
    text: 'Use the key sk_live_abc to deploy',
    decision: {
      decision: 'hold',
      in_scope: false,
      risk: 'high',
      reasons: [
        { code: 'secret.generic', category: 'secret', message: 'looks like a secret', span: [12, 23] },
      ],
    },
  });

let fake: FakeDiscord;
const keys = testKeys();
const gatewayless = () => {
  throw new Error('no gateway in outbound tests');
};
const make = (publishAs: 'bot' | 'webhook', maxRateLimitWaitMs?: number) =>
  createDiscordPlatform({
    applicationId: APP,
    publicKey: keys.publicKeyHex,
    botToken: 'test-bot-token-0123456789',
    reviewChannel: REVIEW,
    apiUrl: fake.url,
    publishAs,
    gateway: gatewayless,
    now: () => new Date(),
    requestTimeoutMs: 1000,
    ...(maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs }),
  }).platform;

beforeAll(async () => {
  fake = await startFakeDiscord({ applicationId: APP });
  if (!fake.specChecked)
    console.warn(`../shared/specs/discord-openapi.json absent: Discord API conformance not checked`);
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.specProblems, 'every call matches the Discord API description').toEqual([]);
  fake.reset();
});

describe('publish as the bot', () => {
  it('posts the text with a provenance footer and a nonce of at most 25 characters, enforced', async () => {
    const a = action();
    const ref = await make('bot').publish({ action: a, idempotencyKey: a.id, approvedBy: ['rita'] });
    const [post] = fake.callsTo('POST /channels/');
    expect(post?.path).toBe(`/channels/${GENERAL}/messages`);
    expect(post?.auth).toBe('Bot test-bot-token-0123456789');
    expect(post?.body.content).toBe(a.text);
    expect(post?.body.nonce).toBe(nonceFor(a.id));
    expect(String(post?.body.nonce).length).toBeLessThanOrEqual(25);
    expect(post?.body.enforce_nonce).toBe(true);
    expect(post?.body.embeds[0].footer.text).toBe(`via Airlock · approved by rita · ${a.id}`);
    expect(ref).toMatchObject({ channel: GENERAL, url: expect.stringContaining(`/${GENERAL}/`) });
    expect(fake.channel(GENERAL).at(-1)?.id).toBe(ref.id);
  });

  it('a retry after a lost acknowledgement returns the first message: exactly one post', async () => {
    const a = action();
    const platform = make('bot');
    fake.hangNext(`POST /channels/${GENERAL}/messages`);
    const lost = platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    await expect
      .poll(() => fake.channel(GENERAL).filter((m) => m.embeds[0]?.footer?.text?.endsWith(a.id)).length)
      .toBe(1);
    const again = await platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(fake.channel(GENERAL).filter((m) => m.embeds[0]?.footer?.text?.endsWith(a.id))).toHaveLength(1);
    expect(again.id).toBe(fake.channel(GENERAL).find((m) => m.embeds[0]?.footer?.text?.endsWith(a.id))?.id);
    lost.catch(() => {});
  });

  it('a reply goes into the thread; a DM opens the DM channel first', async () => {
    const platform = make('bot');
    const r = action({ kind: 'reply', thread: THREAD });
    await platform.publish({ action: r, idempotencyKey: r.id, approvedBy: [] });
    expect(fake.channel(THREAD).at(-1)?.content).toBe(r.text);
    const d = action({ kind: 'dm', channel: null, recipient: USER });
    const ref = await platform.publish({ action: d, idempotencyKey: d.id, approvedBy: [] });
    expect(fake.callsTo('POST /users/@me/channels')[0]?.body).toEqual({ recipient_id: USER });
    expect(fake.channel(ref.channel!).at(-1)?.content).toBe(d.text);
  });
});

describe('publish through a channel webhook', () => {
  it('creates the Airlock webhook once and posts with the agent’s name', async () => {
    const platform = make('webhook');
    const a = action();
    const b = action();
    await platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    await platform.publish({ action: b, idempotencyKey: b.id, approvedBy: [] });
    expect(fake.callsTo(`POST /channels/${GENERAL}/webhooks`)).toHaveLength(1);
    const posts = fake.callsTo('POST /webhooks/');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.query).toEqual({ wait: 'true' });
    expect(posts[0]?.body.nonce).toBeUndefined();
    expect(fake.channel(GENERAL).at(-1)).toMatchObject({ content: b.text, webhook_id: expect.any(String) });
  });

  it('before posting, finds an earlier delivery of the same action and does not post again', async () => {
    const platform = make('webhook');
    const a = action();
    fake.hangNext('POST /webhooks/');
    const lost = platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    lost.catch(() => {});
    await expect.poll(() => fake.callsTo('POST /webhooks/').length).toBe(1);
    const ref = await platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(fake.channel(GENERAL).filter((m) => m.embeds[0]?.footer?.text?.endsWith(a.id))).toHaveLength(1);
    expect(ref.data).toMatchObject({ found: true });
    expect(fake.callsTo('POST /webhooks/')).toHaveLength(1);
  });

  it('a thread reply names the thread in thread_id', async () => {
    const r = action({ kind: 'reply', thread: THREAD });
    await make('webhook').publish({ action: r, idempotencyKey: r.id, approvedBy: [] });
    expect(fake.callsTo('POST /webhooks/')[0]?.query).toEqual({ wait: 'true', thread_id: THREAD });
    expect(fake.channel(THREAD).at(-1)?.content).toBe(r.text);
  });
});

describe('failures', () => {
  it('a short 429 is waited out by the REST client and the post lands once', async () => {
    fake.fail(`POST /channels/${GENERAL}/messages`, 429, { retryAfterS: 0.05 });
    const a = action();
    await make('bot').publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(fake.callsTo(`POST /channels/${GENERAL}/messages`).map((c) => c.status)).toEqual([429, 200]);
  });

  it('a long 429 is a retryable PlatformError with its retry-after', async () => {
    fake.fail(`POST /channels/${GENERAL}/messages`, 429, { retryAfterS: 30 });
    const a = action();
    const e = await make('bot', 1000)
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(isPlatformError(e)).toBe(true);
    expect(e).toMatchObject({ platform: 'discord', code: 'rate_limited', retryable: true });
    expect((e as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(29_000);
  });

  it('5xx (after the client’s own retries) is retryable; 403 is permanent with Discord’s code', async () => {
    fake.fail(`POST /channels/${GENERAL}/messages`, 500, { times: 3 });
    const a = action();
    const e = await make('bot')
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ retryable: true, status: 500 });
    fake.fail(`POST /channels/${GENERAL}/messages`, 403);
    const f = await make('bot')
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(f).toMatchObject({ retryable: false, status: 403, code: '0' });
  });

  it('a webhook post is never retried blindly by the client on a 500', async () => {
    const platform = make('webhook');
    const a = action();
    await platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    fake.reset();
    fake.fail('POST /webhooks/', 500);
    const b = action();
    const e = await platform
      .publish({ action: b, idempotencyKey: b.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ retryable: true });
    expect(fake.callsTo('POST /webhooks/')).toHaveLength(1);
  });
});

describe('review card, notice, digest', () => {
  it('posts a card with the held span marked and the decision buttons, then edits it without buttons', async () => {
    const platform = make('bot');
    const a = held();
    const ref = await platform.requestReview(card(a));
    expect(ref?.channel).toBe(REVIEW);
    const posted = fake.channel(REVIEW).at(-1)!;
    const embed = posted.embeds[0] as { description: string; fields: Array<{ name: string; value: string }> };
    expect(embed.description).toContain('⟦sk_live_abc⟧');
    expect(embed.fields.map((f) => f.name)).toEqual([
      'Request',
      'Target',
      'Approvals',
      'Expires',
      'Held because',
    ]);
    const buttons = (posted.components[0] as { components: Array<{ label: string; custom_id: string }> })
      .components;
    expect(buttons.map((b) => b.label)).toEqual([
      'Approve',
      'Reject',
      'Edit and approve',
      'Redact and approve',
      'Pause helper',
    ]);
    expect(decodeClick(buttons[0]!.custom_id)).toEqual({
      kind: 'approve',
      actionId: a.id,
      hashKey: 'a'.repeat(16),
    });

    const done = { ...a, status: 'published' as const };
    await platform.updateReview({
      ...card(done),
      ref: ref!,
      outcome: { status: 'published', by: { kind: 'reviewer', name: 'rita' }, at: T0 },
    });
    const edited = fake.channel(REVIEW).find((m) => m.id === ref!.id)!;
    expect(edited.components).toEqual([]);
    expect(JSON.stringify(edited.embeds)).toContain('**published** by rita');
    expect(fake.callsTo('PATCH /channels/')[0]?.path).toBe(`/channels/${REVIEW}/messages/${ref!.id}`);
  });

  it('without a review channel there is no card', async () => {
    const p = createDiscordPlatform({
      applicationId: APP,
      publicKey: keys.publicKeyHex,
      botToken: 'test-bot-token-0123456789',
      reviewChannel: null,
      apiUrl: fake.url,
      gateway: gatewayless,
      now: () => new Date(),
    }).platform;
    expect(await p.requestReview(card(held()))).toBeNull();
    expect(fake.calls).toEqual([]);
  });

  it('DMs the requester with Let it post and Discard, and updates that DM', async () => {
    const platform = make('bot');
    const a = held();
    const notice = {
      action: a,
      request,
      agent,
      event: 'held' as const,
      why: ['you asked for a summary, not a post'],
      canRelease: true,
      canDiscard: true,
    };
    const ref = await platform.notifyRequester(notice);
    const dm = fake.channel(ref!.channel!).at(-1)!;
    const labels = (dm.components[0] as { components: Array<{ label: string }> }).components.map(
      (b) => b.label,
    );
    expect(labels).toEqual(['Let it post', 'Discard']);
    await platform.notifyRequester({
      ...notice,
      event: 'published',
      canRelease: false,
      canDiscard: false,
      ref: ref!,
    });
    const mine = fake.channel(ref!.channel!).filter((m) => m.embeds[0]?.footer?.text === `Airlock · ${a.id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.components).toEqual([]);
  });

  it('posts the digest as an embed, with the chart as a PNG attachment', async () => {
    const platform = make('bot');
    // The digest data every platform renders (the snapshot the digest's own format tests keep).
    const digest = Digest.parse(
      JSON.parse(
        readFileSync(new URL('../../governance/digest/__snapshots__/digest.json', import.meta.url), 'utf8'),
      ),
    );
    await platform.postDigest({ digest });
    const embeds = JSON.stringify(fake.channel(REVIEW).at(-1)?.embeds);
    expect(embeds).toContain(`**${digest.held}** held of **${digest.total}** actions`);
    expect(embeds).toContain('Outcomes');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await platform.postDigest({ digest, chart: { png, svg: '<svg/>', width: 1, height: 1 } });
    const last = fake.calls.at(-1)!;
    expect(last.multipart).toBe(true);
    expect(last.body.embeds[0].image.url).toBe('attachment://airlock-digest.png');
  });

  it('retracts a post by deleting the message', async () => {
    const platform = make('bot');
    const a = action();
    const ref = await platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    await platform.retract!(a, ref);
    expect(fake.channel(GENERAL).some((m) => m.id === ref.id)).toBe(false);
  });
});

describe('airlock discord register', () => {
  it('PUTs the /airlock command with its subcommands, globally or to a guild', async () => {
    const out = await registerCommands({
      applicationId: APP,
      botToken: 'test-bot-token-0123456789',
      apiUrl: fake.url,
    });
    expect(out.map((c) => c.name)).toEqual(['airlock']);
    const put = fake.callsTo('PUT /applications/')[0]!;
    expect(put.path).toBe(`/applications/${APP}/commands`);
    expect(put.body[0].options.map((o: { name: string }) => o.name)).toEqual([
      'ask',
      'pending',
      'status',
      'pause',
      'digest',
      'help',
    ]);
    await registerCommands({
      applicationId: APP,
      botToken: 'test-bot-token-0123456789',
      apiUrl: fake.url,
      guildId: '300000000000000001',
    });
    expect(fake.callsTo('PUT /applications/')[1]?.path).toBe(
      `/applications/${APP}/guilds/300000000000000001/commands`,
    );
  });
});
