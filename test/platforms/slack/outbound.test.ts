// The Slack adapter's outbound half against the fake Slack Web API (real HTTP).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Action, Agent, StoredRequest } from '../../../src/governance/model.ts';
import type { ReviewCard } from '../../../src/governance/ports.ts';
import { isPlatformError, type PlatformAdapter } from '../../../src/platforms/platform.ts';
import { createSlackPlatform } from '../../../src/platforms/slack/index.ts';
import { type FakeSlack, type Json, startFakeSlack } from '../../fakes/slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../helpers/slack.ts';

let slack: FakeSlack;
let adapter: PlatformAdapter;
const sleeps: number[] = [];
const now = new Date('2026-03-01T12:00:00Z');

const agent: Agent = {
  id: 'agt_1',
  name: 'helper-bot',
  identities: { slack: 'U0HELPER' },
  createdAt: now,
  revokedAt: null,
};

function action(over: Partial<Action> = {}): Action {
  return {
    id: `act_${Math.random().toString(36).slice(2, 10)}`,
    agentId: agent.id,
    requestId: 'req_1',
    kind: 'reply',
    platform: 'slack',
    channel: 'C0INFRA',
    thread: '1700000000.000001',
    recipient: null,
    text: 'The deploy finished at 14:00.',
    change: null,
    context: null,
    contentHash: 'h1',
    status: 'held',
    decision: { decision: 'hold', in_scope: false, risk: 'low', reasons: [] },
    idempotencyKey: null,
    bodyHash: null,
    platformRef: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    expiresAt: new Date(now.getTime() + 3600_000),
    createdAt: now,
    updatedAt: now,
    decidedAt: null,
    publishedAt: null,
    ...over,
  };
}

const request: StoredRequest = {
  id: 'req_1',
  text: 'can you look at why the deploy failed?',
  requester: { id: 'U0SAM' },
  platform: 'slack',
  origin: { channel: 'C0INFRA', thread: '1700000000.000001' },
  provenance: 'platform',
  agentId: agent.id,
  createdAt: now,
};

function card(a: Action, over: Partial<ReviewCard> = {}): ReviewCard {
  return {
    action: a,
    request,
    agent,
    reasons: [{ code: 'scope.reply', category: 'scope', message: 'you asked it to analyze, not to reply' }],
    required: { count: 1, group: 'default' },
    tally: [],
    contentHash: a.contentHash,
    expiresAt: a.expiresAt,
    redactable: false,
    scopeOnly: true,
    eligible: [],
    ...over,
  };
}

beforeAll(async () => {
  slack = await startFakeSlack();
  adapter = createSlackPlatform({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.url,
    reviewChannel: 'C0REVIEW',
    gateway: () => {
      throw new Error('no gateway in outbound tests');
    },
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  // The adapter learns the agent's name from the first card it renders.
  await adapter.platform.requestReview(card(action()));
});
afterAll(async () => {
  expect(slack.specViolations).toEqual([]);
  await slack.close();
});
beforeEach(() => {
  slack.calls.length = 0;
  sleeps.length = 0;
});

const blocksText = (blocks: Json[]): string => JSON.stringify(blocks);

describe('publish', () => {
  it('posts as the agent in the thread, with metadata and a provenance context block', async () => {
    const a = action();
    const ref = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: ['rita'] });
    const [post] = slack.callsOf('chat.postMessage');
    expect(post?.token).toBe(BOT_TOKEN);
    expect(post?.args).toMatchObject({
      channel: 'C0INFRA',
      thread_ts: a.thread,
      username: 'helper-bot',
      metadata: { event_type: 'airlock_action', event_payload: { action_id: a.id } },
    });
    const blocks = post?.args['blocks'] as Json[];
    expect(blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(blocksText(blocks)).toContain('approved by rita');
    expect(ref).toMatchObject({ channel: 'C0INFRA' });
    expect(ref.id).toMatch(/^\d+\.\d+$/);
  });

  it('says the post was in scope when nobody approved it', async () => {
    const a = action({
      thread: null,
      kind: 'post',
      decision: { decision: 'publish', in_scope: true, risk: 'none', reasons: [] },
    });
    await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    const post = slack.callsOf('chat.postMessage')[0];
    expect(post?.args['thread_ts']).toBeUndefined();
    expect(blocksText((post?.args['blocks'] ?? []) as Json[])).toContain('within what was asked');
  });

  it('finds its own earlier post by metadata instead of posting twice', async () => {
    const a = action();
    const first = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    const again = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(again.id).toBe(first.id);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(slack.messages.filter((m) => m.metadata?.['event_payload']?.action_id === a.id)).toHaveLength(1);
  });

  it('opens a DM for a dm action', async () => {
    const a = action({ kind: 'dm', channel: null, thread: null, recipient: 'U0SAM' });
    const ref = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(slack.callsOf('conversations.open')[0]?.args).toMatchObject({ users: 'U0SAM' });
    expect(ref.channel).toBe('D0SAM');
  });

  it('posts a config change as a marked suggestion, never applied', async () => {
    const a = action({
      kind: 'config_change',
      thread: null,
      change: { system: 'github', operation: 'set_branch_protection', target: 'org/repo' },
    });
    await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: ['rita'] });
    const post = slack.callsOf('chat.postMessage')[0];
    expect(String(post?.args['text'])).toMatch(/^Suggested change \(not applied\)/);
    expect(blocksText((post?.args['blocks'] ?? []) as Json[])).toContain('Suggested change');
  });

  it('waits out a 429 with Retry-After and loses nothing', async () => {
    const a = action();
    slack.failNext('chat.postMessage', { kind: 'status', status: 429, retryAfter: 2 });
    const ref = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(sleeps).toEqual([2000]);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2);
    expect(ref.id).toMatch(/^\d+\.\d+$/);
  });

  it('hands a long Retry-After back to the pipeline as a retryable PlatformError', async () => {
    const a = action();
    slack.failNext('chat.postMessage', { kind: 'status', status: 429, retryAfter: 600 });
    const e = await adapter.platform
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(isPlatformError(e) && e.retryable && e.retryAfterMs === 600_000).toBe(true);
  });

  it('maps 500 to retryable and channel_not_found to permanent', async () => {
    slack.failNext('chat.postMessage', { kind: 'status', status: 500 });
    const a = action();
    const e500 = await adapter.platform
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(isPlatformError(e500) && e500.retryable).toBe(true);
    slack.failNext('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    const e404 = await adapter.platform
      .publish({ action: a, idempotencyKey: a.id, approvedBy: [] })
      .catch((x: unknown) => x);
    expect(isPlatformError(e404) && !e404.retryable && e404.code === 'channel_not_found').toBe(true);
  });

  it('queues calls per channel in order', async () => {
    const as = [action(), action(), action()];
    slack.failNext('chat.postMessage', { kind: 'status', status: 429, retryAfter: 1 });
    await Promise.all(
      as.map((a) => adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] })),
    );
    const posted = slack
      .callsOf('chat.postMessage')
      .map((c) => (c.args['metadata'] as Json)['event_payload'].action_id);
    expect(posted).toEqual([as[0]?.id, as[0]?.id, as[1]?.id, as[2]?.id]);
  });

  it('retracts with chat.delete', async () => {
    const a = action();
    const ref = await adapter.platform.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    await adapter.platform.retract?.(a, ref);
    expect(slack.callsOf('chat.delete')[0]?.args).toMatchObject({ channel: 'C0INFRA', ts: ref.id });
  });
});

describe('review card', () => {
  it('shows who asked what, what and where, why, the tally, expiry and the buttons', async () => {
    const a = action({ text: 'token is xoxb-123456 ok' });
    const ref = await adapter.platform.requestReview(
      card(a, {
        reasons: [
          { code: 'secret.slack', category: 'secret', message: 'it contains a Slack token', span: [9, 20] },
        ],
        redactable: true,
        scopeOnly: false,
      }),
    );
    expect(ref?.channel).toBe('C0REVIEW');
    const post = slack.callsOf('chat.postMessage')[0];
    const text = blocksText((post?.args['blocks'] ?? []) as Json[]);
    expect(text).toContain('<@U0SAM> asked');
    expect(text).toContain('*⚠ xoxb-123456*');
    expect(text).toContain('it contains a Slack token');
    expect(text).toContain('0/1 so far');
    expect(text).toContain('expires');
    const actions = ((post?.args['blocks'] ?? []) as Json[]).find((b) => b['type'] === 'actions');
    expect(actions?.['elements'].map((e: Json) => e['text'].text)).toEqual([
      'Approve',
      'Reject',
      'Edit and approve',
      'Redact and approve',
      'Pause agent',
    ]);
    expect(actions?.['elements'][0].value).toBe(`${a.id}|h1`);
  });

  it('stays within Block Kit limits for a very long text', async () => {
    const a = action({ text: 'x'.repeat(30_000) });
    await adapter.platform.requestReview(card(a));
    const blocks = slack.callsOf('chat.postMessage')[0]?.args['blocks'] as Json[];
    for (const b of blocks)
      if (b['type'] === 'section') expect(b['text'].text.length).toBeLessThanOrEqual(3000);
    expect(blocksText(blocks)).toContain('more characters not shown');
  });

  it('updates in place with the outcome and no buttons, also when the ref is only the action id', async () => {
    const a = action();
    const ref = await adapter.platform.requestReview(card(a));
    const outcome = {
      status: 'published' as const,
      by: { kind: 'reviewer' as const, name: 'rita' },
      at: now,
    };
    await adapter.platform.updateReview({
      ...card({ ...a, status: 'published' }, { outcome }),
      ref: { id: a.id },
    });
    const upd = slack.callsOf('chat.update')[0];
    expect(upd?.args['ts']).toBe(ref?.id);
    const blocks = upd?.args['blocks'] as Json[];
    expect(blocks.some((b) => b['type'] === 'actions')).toBe(false);
    expect(blocksText(blocks)).toContain('Approved and published');
    expect(blocksText(blocks)).toContain('rita');
  });

  it('returns null when there is no review channel', async () => {
    const bare = createSlackPlatform({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: slack.url,
      reviewChannel: null,
      gateway: () => {
        throw new Error('unused');
      },
      now: () => now,
    });
    expect(await bare.platform.requestReview(card(action()))).toBeNull();
  });
});

describe('requester notice', () => {
  it('DMs the requester what the agent wants to post and why, with Let it post and Discard; then follows the outcome', async () => {
    const a = action();
    const notice = {
      action: a,
      request,
      agent,
      event: 'held' as const,
      why: ['you asked it to analyze, not to reply'],
      canRelease: true,
      canDiscard: true,
    };
    const ref = await adapter.platform.notifyRequester(notice);
    const post = slack.callsOf('chat.postMessage')[0];
    expect(post?.args['channel']).toBe('D0SAM');
    expect(String(post?.args['text'])).toBe(
      "helper-bot wants to post in <#C0INFRA>: 'The deploy finished at 14:00.' — held because you asked it to analyze, not to reply",
    );
    const buttons = ((post?.args['blocks'] ?? []) as Json[]).find((b) => b['type'] === 'actions')?.[
      'elements'
    ];
    expect(buttons.map((b: Json) => b['text'].text)).toEqual(['Let it post', 'Discard']);
    await adapter.platform.notifyRequester({
      ...notice,
      action: { ...a, status: 'published' },
      event: 'published',
      canRelease: false,
      canDiscard: false,
    });
    const upd = slack.callsOf('chat.update')[0];
    expect(upd?.args['ts']).toBe(ref?.id);
    expect(String(upd?.args['text'])).toContain('was published');
  });
});

describe('read side', () => {
  it('reads a thread from Slack', async () => {
    const root = slack.addMessage({
      channel: 'C0INFRA',
      text: 'why did it fail?',
      blocks: [],
      user: 'U0SAM',
    });
    slack.addMessage({ channel: 'C0INFRA', text: 'looking', blocks: [], user: 'U0BOB', thread_ts: root.ts });
    const msgs = await adapter.platform.readThread?.('C0INFRA', root.ts);
    expect(msgs?.map((m) => [m.author, m.text])).toEqual([
      ['U0SAM', 'why did it fail?'],
      ['U0BOB', 'looking'],
    ]);
  });

  it('lists channels with member counts, privacy and external sharing', async () => {
    const list = await adapter.platform.listChannels?.();
    expect(list).toContainEqual({
      id: 'C0SHARED',
      name: 'partners',
      members: 310,
      private: false,
      external: true,
    });
    expect(list).toContainEqual({
      id: 'C0REVIEW',
      name: 'airlock-reviews',
      members: 5,
      private: true,
      external: false,
    });
  });
});
