// The outbound half against the fake Discourse over real HTTP: topics with external_id (a retry finds the
// first topic), replies found again by their provenance mark, rate limits and outages as PlatformErrors,
// review topics or review cards on another platform, requester private messages, retraction. Every call
// is checked against Discourse's OpenAPI description when ../shared/specs is present.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Digest } from '../../../src/governance/digest/index.ts';
import { isPlatformError, type PlatformError } from '../../../src/governance/errors.ts';
import type { PlatformGateway } from '../../../src/governance/gateway.ts';
import type { Action, Agent, StoredRequest } from '../../../src/governance/model.ts';
import type { Platform, PlatformRef, ReviewCard } from '../../../src/governance/ports.ts';
import { createForumPlatform } from '../../../src/platforms/forum/index.ts';
import { existsSync, readFileSync } from 'node:fs';
import { type FakeDiscourse, loadSpec, SPEC_PATH, startFakeDiscourse } from '../../fakes/discourse.ts';
import { AIRLOCK_USER, REVIEW_CATEGORY, SECRET } from './helpers.ts';

const T0 = new Date(Date.UTC(2030, 0, 1));
const agent: Agent = {
  id: 'agt_1',
  name: 'helper',
  identities: { forum: 'helperbot' },
  createdAt: T0,
  revokedAt: null,
};
const mute: Agent = { ...agent, id: 'agt_2', name: 'mute', identities: {} };

let seq = 0;
function action(over: Partial<Action> = {}): Action {
  return {
    id: `act_t${Date.now().toString(36)}${seq++}`,
    agentId: agent.id,
    requestId: null,
    kind: 'post',
    platform: 'forum',
    channel: '4',
    thread: null,
    recipient: null,
    text: 'Deploy finished\n\nThe 14:00 deploy finished without errors.',
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
  text: '@helperbot summarize the deploy',
  requester: { id: 'priya', name: 'Priya' },
  platform: 'forum',
  origin: { channel: '4', thread: '100/1' },
  agentId: agent.id,
  provenance: 'platform',
  recordedBy: 'platform:forum',
  createdAt: T0,
};

function card(a: Action, over: Partial<ReviewCard> = {}): ReviewCard {
  return {
    action: a,
    request,
    agent,
    reasons: [{ code: 'scope.test', category: 'scope', message: 'not asked for' }],
    required: { count: 1, group: 'default' },
    tally: [],
    contentHash: a.contentHash,
    expiresAt: new Date(T0.getTime() + 3600_000),
    redactable: false,
    scopeOnly: true,
    eligible: [],
    ...over,
  };
}

let fake: FakeDiscourse;
const agents = new Map<string, Agent>();
const gateway = () =>
  ({
    reviewCard: async (id: string) => ({ agent: agents.get(id) ?? agent }),
  }) as unknown as PlatformGateway;
const make = (reviewVia: Platform | null = null) =>
  createForumPlatform({
    url: fake.url,
    apiKey: fake.apiKey,
    webhookSecret: SECRET,
    username: AIRLOCK_USER,
    reviewCategory: REVIEW_CATEGORY,
    reviewVia,
    gateway,
    now: () => new Date(),
    requestTimeoutMs: 1000,
  }).platform;

async function thrown(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (e) {
    if (isPlatformError(e)) return e;
    throw e;
  }
  throw new Error('expected a PlatformError');
}

beforeAll(async () => {
  fake = await startFakeDiscourse();
  if (!fake.specChecked)
    console.warn('../shared/specs/discourse-openapi.json absent: Discourse API conformance not checked');
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.specProblems, 'every call matches the Discourse API description').toEqual([]);
  fake.calls.length = 0;
});

describe('the Discourse API description', () => {
  it.skipIf(!existsSync(SPEC_PATH))(
    'the fake checks calls against it (skipped: ../shared/specs/discourse-openapi.json absent in a fresh clone)',
    () => {
      const spec = loadSpec()!;
      expect(
        spec.check({ method: 'POST', path: '/posts.json', query: {}, body: { raw: 'x', topic: 1 } }),
      ).toEqual(['POST /posts.json: unknown body field topic']);
      expect(
        spec.check({ method: 'POST', path: '/posts.json', query: {}, body: { raw: 'x', category: '4' } }),
      ).toEqual(['POST /posts.json: body field category is not integer']);
      expect(spec.check({ method: 'PATCH', path: '/posts/1.json', query: {}, body: {} })).toHaveLength(1);
      expect(
        spec.check({ method: 'GET', path: '/t/external_id/act_1.json', query: {}, body: undefined }),
      ).toEqual([]);
      expect(
        spec.check({
          method: 'GET',
          path: '/t/5/posts.json',
          query: { 'post_ids[]': ['1'] },
          body: undefined,
        }),
      ).toEqual([]);
      expect(fake.specChecked).toBe(true);
    },
  );
});

describe('publish a topic', () => {
  it('posts as the agent’s forum user with title, category, raw and external_id = the action id', async () => {
    const a = action();
    const ref = await make().publish({ action: a, idempotencyKey: a.id, approvedBy: ['rita'] });
    const posts = fake.callsTo('POST /posts.json');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      apiKey: fake.apiKey,
      apiUsername: 'helperbot',
      body: { title: 'Deploy finished', category: 4, external_id: a.id },
    });
    expect(posts[0]!.body.raw).toMatch(/^The 14:00 deploy finished without errors\.\n\n<small>/);
    expect(posts[0]!.body.raw).toContain(
      `posted by agent helper via Airlock · approved by rita · Airlock ref ${a.id}`,
    );
    const topic = fake.topic(Number(ref.channel))!;
    expect(topic.external_id).toBe(a.id);
    expect(ref).toMatchObject({ id: String(topic.posts[0]!.id), data: { kind: 'topic', postNumber: 1 } });
    expect(ref.url).toContain(`/t/${topic.slug}/${topic.id}`);
  });

  it('a retry of the same action finds the topic by external id: still one topic', async () => {
    const a = action();
    const forum = make();
    const first = await forum.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    const second = await forum.publish({
      action: { ...a, attempts: 1 },
      idempotencyKey: a.id,
      approvedBy: [],
    });
    expect(second.id).toBe(first.id);
    expect(second.channel).toBe(first.channel);
    expect([...fake.topics.values()].filter((t) => t.external_id === a.id)).toHaveLength(1);
    expect(fake.callsTo(`GET /t/external_id/${a.id}.json`)).toHaveLength(2);
    expect(fake.callsTo('POST /posts.json')).toHaveLength(1);
  });

  it('an agent without a forum user, or a channel that is no category id, fails permanently', async () => {
    const a = action();
    agents.set(a.id, mute);
    const e1 = await thrown(make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] }));
    expect(e1).toMatchObject({ retryable: false, code: 'no_forum_user' });
    expect(e1.message).toContain('--identity forum=');
    const b = action({ channel: 'general' });
    const e2 = await thrown(make().publish({ action: b, idempotencyKey: b.id, approvedBy: [] }));
    expect(e2).toMatchObject({ retryable: false, code: 'bad_category' });
    expect(fake.callsTo('POST /posts.json')).toHaveLength(0);
  });
});

describe('publish a reply', () => {
  it('replies with topic_id and reply_to_post_number; a retry finds the reply by its mark, not by text', async () => {
    const human = await fake.humanPost({
      username: 'priya',
      title: 'Status?',
      category: 4,
      raw: '@helperbot status?',
    });
    const a = action({ kind: 'reply', thread: `${human.topic_id}/1`, text: 'All green.' });
    const forum = make();
    const ref = await forum.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(fake.callsTo('POST /posts.json')[0]!.body).toMatchObject({
      topic_id: human.topic_id,
      reply_to_post_number: 1,
    });
    expect(fake.callsTo('POST /posts.json')[0]!.body).not.toHaveProperty('external_id');
    // Another action with the same text is a different reply.
    const b = action({ kind: 'reply', thread: String(human.topic_id), text: 'All green.' });
    await forum.publish({ action: b, idempotencyKey: b.id, approvedBy: [] });
    // The retry of the first finds it.
    const again = await forum.publish({
      action: { ...a, attempts: 1 },
      idempotencyKey: a.id,
      approvedBy: [],
    });
    expect(again.id).toBe(ref.id);
    const topic = fake.topic(human.topic_id)!;
    expect(topic.posts.filter((p) => p.username === 'helperbot')).toHaveLength(2);
    expect(fake.callsTo('POST /posts.json')).toHaveLength(2);
  });

  it('finds its reply among the latest posts of a long topic (beyond the first 20 loaded)', async () => {
    const first = await fake.humanPost({
      username: 'priya',
      title: 'Long thread',
      category: 4,
      raw: 'start',
    });
    for (let i = 0; i < 30; i++)
      await fake.humanPost({ username: 'omar', topicId: first.topic_id, raw: `reply ${i}` });
    const a = action({ kind: 'reply', thread: String(first.topic_id), text: 'Late answer.' });
    const forum = make();
    const ref = await forum.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    const again = await forum.publish({
      action: { ...a, attempts: 1 },
      idempotencyKey: a.id,
      approvedBy: [],
    });
    expect(again.id).toBe(ref.id);
    expect(fake.callsTo(`GET /t/${first.topic_id}/posts.json`).length).toBeGreaterThan(0);
    expect(fake.topic(first.topic_id)!.posts.filter((p) => p.username === 'helperbot')).toHaveLength(1);
  });

  it('a reply whose thread is no topic id fails permanently', async () => {
    const a = action({ kind: 'reply', thread: 'abc' });
    expect(await thrown(make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] }))).toMatchObject({
      retryable: false,
      code: 'bad_thread',
    });
  });
});

describe('failures', () => {
  it('429 is retryable with the forum’s Retry-After', async () => {
    const a = action();
    fake.fail('POST /posts.json', 429, { retryAfterS: 7 });
    const e = await thrown(make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] }));
    expect(e).toMatchObject({ retryable: true, code: 'rate_limited', status: 429, retryAfterMs: 7000 });
  });

  it('a short Retry-After is slept through: one topic, no error', async () => {
    const a = action();
    fake.fail('POST /posts.json', 429, { retryAfterS: 1 });
    const started = Date.now();
    const ref = await make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.callsTo('POST /posts.json').map((c) => c.status)).toEqual([429, 200]);
    expect([...fake.topics.values()].filter((t) => t.external_id === a.id)).toHaveLength(1);
    expect(ref.channel).toBeTruthy();
  });

  it('5xx and an unreachable forum are retryable; 4xx permanent', async () => {
    const a = action();
    fake.fail('POST /posts.json', 502);
    expect(await thrown(make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] }))).toMatchObject({
      retryable: true,
      status: 502,
    });
    fake.fail('POST /posts.json', 403);
    expect(await thrown(make().publish({ action: a, idempotencyKey: a.id, approvedBy: [] }))).toMatchObject({
      retryable: false,
      status: 403,
    });
    const gone = createForumPlatform({
      url: 'http://127.0.0.1:9',
      apiKey: fake.apiKey,
      webhookSecret: SECRET,
      username: AIRLOCK_USER,
      reviewCategory: null,
      gateway,
      now: () => new Date(),
      requestTimeoutMs: 500,
    }).platform;
    expect(await thrown(gone.publish({ action: a, idempotencyKey: a.id, approvedBy: [] }))).toMatchObject({
      retryable: true,
      code: 'network',
    });
  });
});

describe('review topics and notices', () => {
  it('opens a review topic in the staff category; the same content edits in place, new content supersedes', async () => {
    const a = action({ status: 'held' });
    const forum = make();
    const ref = (await forum.requestReview(card(a)))!;
    const topic = fake.topic(Number(ref.channel))!;
    expect(topic.category_id).toBe(REVIEW_CATEGORY);
    expect(topic.title).toMatch(new RegExp(`\\[${a.id}\\]$`));
    expect(topic.posts[0]).toMatchObject({ username: AIRLOCK_USER });
    expect(topic.posts[0]!.raw).toContain(`content \`${'a'.repeat(16)}\``);
    const same = await forum.updateReview({
      ...card(a, { tally: [{ reviewerId: 'r', reviewerName: 'rita', at: T0 }] }),
      ref,
    });
    expect(same).toEqual(ref);
    expect(topic.posts).toHaveLength(1);
    expect(topic.posts[0]!.raw).toContain('1/1 (default): rita');
    const b = { ...a, text: 'Deploy finished\n\nEdited.', contentHash: 'b'.repeat(64) };
    const next = (await forum.updateReview({ ...card(b), ref }))!;
    expect(next.id).not.toBe(ref.id);
    expect(topic.posts).toHaveLength(2);
    expect(topic.posts[0]!.raw).toMatch(/^\*\*Superseded:\*\* .*post #2/);
    expect(topic.posts[1]!.raw).toContain(`content \`${'b'.repeat(16)}\``);
    expect(next.data?.['versions']).toEqual([
      { post: 1, id: topic.posts[0]!.id, hash: 'a'.repeat(64) },
      { post: 2, id: topic.posts[1]!.id, hash: 'b'.repeat(64) },
    ]);
  });

  it('a second review request for the same action finds the first topic instead of opening another', async () => {
    const a = action({ status: 'held' });
    const first = (await make().requestReview(card(a)))!;
    const second = (await make().requestReview(card(a)))!;
    expect(second.channel).toBe(first.channel);
    expect(fake.inCategory(REVIEW_CATEGORY).filter((t) => t.title.includes(a.id))).toHaveLength(1);
  });

  it('posts the digest as a topic in the review category', async () => {
    const digest = Digest.parse(
      JSON.parse(
        readFileSync(new URL('../../governance/digest/__snapshots__/digest.json', import.meta.url), 'utf8'),
      ),
    );
    const ref = (await make().postDigest({ digest }))!;
    const topic = fake.topic(Number(ref.channel))!;
    expect(topic.category_id).toBe(REVIEW_CATEGORY);
    expect(topic.title).toMatch(/^Airlock digest /);
    expect(topic.posts[0]!.username).toBe(AIRLOCK_USER);
  });

  it('sends the requester a private message and edits it when the hold ends', async () => {
    const a = action({ status: 'held' });
    const forum = make();
    const notice = {
      action: a,
      request,
      agent,
      event: 'held' as const,
      why: ['you asked it to summarize, not to post'],
      canRelease: true,
      canDiscard: true,
    };
    const ref = (await forum.notifyRequester(notice))!;
    const call = fake.callsTo('POST /posts.json').at(-1)!;
    expect(call.body).toMatchObject({ archetype: 'private_message', target_recipients: 'priya' });
    expect(call.apiUsername).toBe(AIRLOCK_USER);
    const pm = fake.messagesTo('priya').find((t) => String(t.id) === ref.channel)!;
    expect(pm.posts[0]!.raw).toContain('`let it post`');
    await forum.notifyRequester({ ...notice, event: 'published', canRelease: false, canDiscard: false, ref });
    expect(pm.posts[0]!.raw).toContain('**helper** posted.');
    expect(pm.posts).toHaveLength(1);
    // A request from another platform gets no forum message.
    expect(await forum.notifyRequester({ ...notice, request: { ...request, platform: 'slack' } })).toBeNull();
  });

  it('with another platform for reviews, cards go there and updates follow the card', async () => {
    const cards: string[] = [];
    const via: Platform = {
      name: 'slack',
      maxTextLength: 100,
      publish: async () => ({ id: 'x' }),
      requestReview: async (c) => {
        cards.push(`new ${c.action.id}`);
        return { id: '111.222', channel: 'C9' };
      },
      updateReview: async (c) => {
        cards.push(`update ${c.ref.id}`);
        return c.ref;
      },
      notifyRequester: async () => null,
      postDigest: async () => null,
    };
    const a = action({ status: 'held' });
    const forum = make(via);
    const before = fake.calls.length;
    const ref = (await forum.requestReview(card(a))) as PlatformRef;
    expect(ref).toMatchObject({ id: '111.222', channel: 'C9', data: { reviewOn: 'slack' } });
    await forum.updateReview({ ...card(a), ref });
    expect(cards).toEqual([`new ${a.id}`, 'update 111.222']);
    expect(fake.calls.length).toBe(before);
  });

  it('retracts a topic as Airlock’s user', async () => {
    const a = action();
    const forum = make();
    const ref = await forum.publish({ action: a, idempotencyKey: a.id, approvedBy: [] });
    await forum.retract!(a, ref);
    expect(fake.topic(Number(ref.channel))).toBeUndefined();
    expect(fake.callsTo('DELETE /t/').at(-1)?.apiUsername).toBe(AIRLOCK_USER);
  });
});
