// The real /forum/webhooks of a real Airlock (real HTTP, real database) with the forum pointed at the fake
// Discourse, which delivers signed post_created webhooks like the real one. Verification first (bad and
// missing signatures 401, replayed event ids change nothing, bad bodies 400 naming the field), then end
// to end: a mention records a request, the agent's out-of-scope topic is held and a review topic opens,
// a non-reviewer's `approve` is refused in the topic, a reviewer's `approve` publishes exactly once and
// edits the review post; then, with the test classifier, `edit:` (the new text is judged again and the
// old review post superseded), an approval of the older content refused, `reject: why`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscourse, startFakeDiscourse } from '../../fakes/discourse.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { AIRLOCK_USER, forumEnv, postPayload, REVIEW_CATEGORY, SECRET, sendWebhook } from './helpers.ts';

const GENERAL = 4;
const RANDOM = 6;
const BOT = 'helperbot';

let fake: FakeDiscourse;
let h: TestAirlock;
let agentToken: string;

beforeAll(async () => {
  fake = await startFakeDiscourse();
  h = await startTestAirlock({}, forumEnv(fake));
  fake.deliverTo(`${h.url}/forum/webhooks`, SECRET);
  agentToken = (await h.airlock.gov.admin.addAgent('forum-helper', { forum: BOT })).token;
  await h.airlock.gov.admin.addReviewer('rita-forum', ['default'], { forum: 'rita' });
});
afterAll(async () => {
  await fake?.delivered();
  await h?.close();
  await fake?.close();
});

const status = async (id: string) =>
  (await h.api('GET', `/v1/actions/${id}`, { token: h.reviewerToken })).body.status as string;

/** The forum's answers to `username` in a topic (Airlock's replies), newest last. */
const answersTo = (topicId: number, username: string) =>
  (fake.topic(topicId)?.posts ?? []).filter(
    (p) => p.username === AIRLOCK_USER && p.raw.startsWith(`@${username} `),
  );

async function requestFromForum(text: string) {
  const post = await fake.humanPost({
    username: 'priya',
    title: 'Deploy status?',
    category: GENERAL,
    raw: `@${BOT} ${text}`,
  });
  const delivery = fake.deliveries.find((d) => d.postId === post.id);
  expect(delivery?.status).toBe(200);
  return { post, requestId: delivery?.body.request as string };
}

async function heldTopic(requestId: string, text: string) {
  const submitted = await h.api('POST', '/v1/actions', {
    token: agentToken,
    body: {
      request_id: requestId,
      platform: 'forum',
      action: { kind: 'post', channel: String(RANDOM), text },
    },
  });
  expect(submitted.status).toBeLessThan(300);
  expect(submitted.body.status).toBe('held');
  const actionId: string = submitted.body.id;
  await expect
    .poll(() => fake.inCategory(REVIEW_CATEGORY).some((t) => t.title.includes(actionId)))
    .toBe(true);
  const review = fake.inCategory(REVIEW_CATEGORY).find((t) => t.title.includes(actionId))!;
  return { actionId, review };
}

describe('POST /forum/webhooks: verification', () => {
  const ping = postPayload({ id: 1, username: 'priya', raw: 'hello there' });

  it('refuses a missing, malformed or wrong signature with 401 and changes nothing', async () => {
    expect((await sendWebhook(h.url, ping, { signature: null })).status).toBe(401);
    expect((await sendWebhook(h.url, ping, { signature: 'sha256=zz' })).status).toBe(401);
    expect((await sendWebhook(h.url, ping, { secret: 'another-secret-entirely' })).status).toBe(401);
    const tampered = await sendWebhook(h.url, ping, {
      signature: (await import('../../../src/platforms/forum/index.ts')).signatureOf(
        SECRET,
        Buffer.from(JSON.stringify(ping)),
      ),
      raw: JSON.stringify({ ...ping, extra: 1 }),
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('unauthorized');
  });

  it('records a mention once: a replayed event id and a redelivered post change nothing', async () => {
    const body = postPayload({ id: 77, username: 'priya', raw: `@${BOT} summarize the outage for me` });
    const first = await sendWebhook(h.url, body);
    expect(first.status).toBe(200);
    expect(first.body.request).toMatch(/^req_/);
    const replay = await sendWebhook(h.url, body, { eventId: first.eventId });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ duplicate: true });
    // The same post under a new event id (a manual redelivery) maps onto the same request.
    const again = await sendWebhook(h.url, body);
    expect(again.body).toMatchObject({ request: first.body.request, replayed: true });
    const requests = await h.airlock.store.requests.listForAgent(
      (await h.airlock.store.agents.byName('forum-helper'))!.id,
      { limit: 100 },
    );
    expect(requests.filter((r) => r.id === first.body.request)).toHaveLength(1);
    const r = requests.find((x) => x.id === first.body.request)!;
    expect(r).toMatchObject({
      provenance: 'platform',
      platform: 'forum',
      requester: { id: 'priya' },
      origin: { channel: String(GENERAL), thread: `${body.post.topic_id}/1` },
    });
  });

  it('reads a full post_created payload as the forum sends it (test/fixtures/forum)', async () => {
    const raw = readFileSync(new URL('../../fixtures/forum/post_created.json', import.meta.url), 'utf8');
    const res = await sendWebhook(h.url, null, { raw });
    expect(res.status).toBe(200);
    const request = await h.airlock.store.requests.get(res.body.request);
    expect(request).toMatchObject({
      platform: 'forum',
      provenance: 'platform',
      requester: { id: 'priya', name: 'Priya Raman' },
      origin: { channel: '4', thread: '812/3' },
      text: '@helperbot can you summarize the deploy thread for me?',
    });
  });

  it('answers 400 naming the field for bad bodies, never a 5xx', async () => {
    const notJson = await sendWebhook(h.url, null, { raw: '{"post": ' });
    expect(notJson.status).toBe(400);
    const noRaw = await sendWebhook(h.url, { post: { ...ping.post, raw: 5 } });
    expect(noRaw.status).toBe(400);
    expect(noRaw.body.error.field).toBe('post.raw');
    const noPost = await sendWebhook(h.url, { topic: {} });
    expect(noPost.status).toBe(400);
    expect(noPost.body.error.message).toMatch(/^post/);
    const badId = await sendWebhook(h.url, { post: { ...ping.post, topic_id: 'x' } });
    expect(badId.body.error.field).toBe('post.topic_id');
  });

  it('ignores other events and posts that mention no agent', async () => {
    expect((await sendWebhook(h.url, { topic: { id: 1 } }, { event: 'topic_created' })).body).toMatchObject({
      ignored: 'event topic_created',
    });
    expect((await sendWebhook(h.url, ping)).body).toMatchObject({ ignored: 'no agent mentioned' });
  });
});

describe('end to end on the forum', () => {
  it('mention → the agent answers in that thread: in scope, published at once as a reply to the post', async () => {
    const { post, requestId } = await requestFromForum('summarize the deploy status for me');
    const request = await h.airlock.store.requests.get(requestId);
    const submitted = await h.api('POST', '/v1/actions', {
      token: agentToken,
      body: {
        request_id: requestId,
        platform: 'forum',
        action: {
          kind: 'reply',
          channel: request!.origin.channel,
          thread: request!.origin.thread,
          text: 'Deploy status: all green, the 14:00 deploy finished.',
        },
      },
    });
    expect(submitted.body.status).toBe('published');
    const replies = fake.topic(post.topic_id)!.posts.filter((p) => p.username === BOT);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.reply_to_post_number).toBe(post.post_number);
    expect(replies[0]!.raw).toMatch(
      /posted by agent forum-helper via Airlock · within the request · Airlock ref act_/,
    );
    expect(fake.inCategory(REVIEW_CATEGORY).filter((t) => t.title.includes(submitted.body.id))).toHaveLength(
      0,
    );
  });

  it('mention → held topic → review topic → non-reviewer refused → approve posts once → review post edited', async () => {
    const { requestId } = await requestFromForum('summarize the deploy status for me');
    expect(requestId).toMatch(/^req_/);
    const text = 'Deploy status\n\nAll green, shipping now.';
    const { actionId, review } = await heldTopic(requestId, text);
    expect(review.posts[0]!.raw).toContain('All green, shipping now.');
    // The requester hears about it in a private message.
    await expect.poll(() => fake.messagesTo('priya').length).toBeGreaterThan(0);
    expect(fake.messagesTo('priya')[0]!.posts[0]!.raw).toContain('waits for a reviewer');

    // Mallory is no reviewer: answered in the topic, nothing changes.
    await fake.humanPost({ username: 'mallory', topicId: review.id, raw: 'approve', replyTo: 1 });
    expect(answersTo(review.id, 'mallory')).toHaveLength(1);
    expect(answersTo(review.id, 'mallory')[0]!.raw).toMatch(/cannot decide/i);
    expect(await status(actionId)).toBe('held');
    expect(fake.inCategory(RANDOM)).toHaveLength(0);

    // Rita approves: exactly one topic, as the agent's user, with provenance; the review post says so.
    await fake.humanPost({ username: 'rita', topicId: review.id, raw: 'approve', replyTo: 1 });
    await expect.poll(() => status(actionId)).toBe('published');
    const published = fake.inCategory(RANDOM);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ title: 'Deploy status', external_id: actionId });
    expect(published[0]!.posts[0]).toMatchObject({ username: BOT });
    expect(published[0]!.posts[0]!.raw).toContain('All green, shipping now.');
    expect(published[0]!.posts[0]!.raw).toMatch(
      /posted by agent forum-helper via Airlock · approved by rita-forum/,
    );
    await expect.poll(() => fake.topic(review.id)!.posts[0]!.raw).toMatch(/\*\*Outcome:\*\* published/);
    expect(fake.topic(review.id)!.posts[0]!.raw).toMatch(/\*\*Approvals:\*\* 1\/1 \(default\): rita-forum/);
    expect(fake.topic(review.id)!.posts[0]!.edit_reason).toBe('published');
    expect(answersTo(review.id, 'rita').at(-1)?.raw).toMatch(/Approved/);
    await expect.poll(() => fake.messagesTo('priya')[0]!.posts[0]!.raw).toContain('posted');

    // A second approve changes nothing: still one topic.
    await fake.humanPost({ username: 'rita', topicId: review.id, raw: 'approve', replyTo: 1 });
    expect(answersTo(review.id, 'rita').at(-1)?.raw).toMatch(/Already decided|published/i);
    expect(fake.inCategory(RANDOM)).toHaveLength(1);
    // Airlock's own posts came back as webhooks too, and were ignored.
    await fake.delivered();
    expect(fake.deliveries.filter((d) => d.username === AIRLOCK_USER).every((d) => d.status === 200)).toBe(
      true,
    );
    expect(fake.deliveries.every((d) => d.status < 500)).toBe(true);
    expect(fake.specProblems).toEqual([]);
  });
});

// The same flows with the test classifier, so which text holds is the test's choice: `[hold]` needs one
// approval, `[hold2]` two from the security group.
describe('edits and stale approvals on the forum', () => {
  let fake2: FakeDiscourse;
  let h2: TestAirlock;
  let token2: string;

  beforeAll(async () => {
    fake2 = await startFakeDiscourse();
    h2 = await startTestAirlock({ classifier: markerClassifier() }, forumEnv(fake2));
    fake2.deliverTo(`${h2.url}/forum/webhooks`, SECRET);
    token2 = (await h2.airlock.gov.admin.addAgent('forum-helper', { forum: BOT })).token;
    await h2.airlock.gov.admin.addReviewer('rita-forum', ['default'], { forum: 'rita' });
    await h2.airlock.gov.admin.addReviewer('sol-forum', ['default', 'security'], { forum: 'sol' });
    await h2.airlock.gov.admin.addReviewer('sam-forum', ['default', 'security'], { forum: 'sam' });
  });
  afterAll(async () => {
    await fake2?.delivered();
    await h2?.close();
    await fake2?.close();
  });

  const status2 = async (id: string) =>
    (await h2.api('GET', `/v1/actions/${id}`, { token: h2.reviewerToken })).body.status as string;
  const answers2 = (topicId: number, username: string) =>
    (fake2.topic(topicId)?.posts ?? []).filter(
      (p) => p.username === AIRLOCK_USER && p.raw.startsWith(`@${username} `),
    );

  async function held(text: string) {
    const submitted = await h2.api('POST', '/v1/actions', {
      token: token2,
      body: { request_id: null, platform: 'forum', action: { kind: 'post', channel: String(RANDOM), text } },
    });
    expect(submitted.body.status).toBe('held');
    const actionId: string = submitted.body.id;
    await expect
      .poll(() => fake2.inCategory(REVIEW_CATEGORY).some((t) => t.title.includes(actionId)))
      .toBe(true);
    return { actionId, review: fake2.inCategory(REVIEW_CATEGORY).find((t) => t.title.includes(actionId))! };
  }

  it("edit: publishes the reviewer's text (judged again) and supersedes the old review post", async () => {
    const { actionId, review } = await held('Incident summary\n\n[hold] Root cause: a bad config push.');
    const edited = 'Incident summary\n\nResolved; root cause was a configuration change.';
    await fake2.humanPost({ username: 'rita', topicId: review.id, raw: `edit:\n${edited}`, replyTo: 1 });
    await expect.poll(() => status2(actionId)).toBe('published');
    const posted = fake2.inCategory(RANDOM).filter((t) => t.external_id === actionId);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.posts[0]!.raw).toContain('root cause was a configuration change');
    expect(posted[0]!.posts[0]!.raw).not.toContain('bad config push');
    const topic = fake2.topic(review.id)!;
    expect(topic.posts[0]!.raw).toMatch(/^\*\*Superseded:\*\*/);
    expect(topic.posts[0]!.edit_reason).toBe('the content changed');
    const current = topic.posts.filter(
      (p) => p.username === AIRLOCK_USER && p.raw.includes('configuration change'),
    );
    expect(current.length).toBeGreaterThan(0);
    expect(fake2.specProblems).toEqual([]);
  });

  it('an edit that stays held shows a new review post; approving the old one is refused, the new one counts', async () => {
    const { actionId, review } = await held('Weekly notes\n\n[hold2] Draft one of the notes.');
    // Sol (security) edits; the new text still needs two security approvals, so it stays held.
    await fake2.humanPost({
      username: 'sol',
      topicId: review.id,
      raw: 'edit:\nWeekly notes\n\n[hold2] Draft two of the notes.',
      replyTo: 1,
    });
    expect(await status2(actionId)).toBe('held');
    const topic = fake2.topic(review.id)!;
    const current = topic.posts.find(
      (p) => p.username === AIRLOCK_USER && p.post_number > 1 && p.raw.includes('Draft two'),
    );
    expect(current).toBeTruthy();
    expect(topic.posts[0]!.raw).toMatch(/^\*\*Superseded:\*\* .*post #\d+/);
    expect(topic.posts[0]!.raw).not.toContain('Reply to this post with one line');

    // Sam approves the old review post: refused in the topic, nothing published.
    await fake2.humanPost({ username: 'sam', topicId: review.id, raw: 'approve', replyTo: 1 });
    expect(answers2(review.id, 'sam').at(-1)?.raw).toMatch(/text changed/);
    expect(answers2(review.id, 'sam').at(-1)?.raw).toContain(`post #${current!.post_number}`);
    expect(await status2(actionId)).toBe('held');
    expect(fake2.inCategory(RANDOM).filter((t) => t.external_id === actionId)).toHaveLength(0);

    // A plain reply with no post answered binds to the last review post above it: the current one.
    await fake2.humanPost({ username: 'sam', topicId: review.id, raw: 'Approve' });
    await expect.poll(() => status2(actionId)).toBe('published');
    const posted = fake2.inCategory(RANDOM).filter((t) => t.external_id === actionId);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.posts[0]!.raw).toContain('Draft two');
    expect(posted[0]!.posts[0]!.raw).toMatch(/approved by (sol-forum, sam-forum|sam-forum, sol-forum)/);
    expect(fake2.specProblems).toEqual([]);
  });

  it('the requester answers the private message with `let it post`: a scope-only hold is released', async () => {
    const asked = await fake2.humanPost({
      username: 'priya',
      title: 'Notes?',
      category: GENERAL,
      raw: `@${BOT} write up the notes for me`,
    });
    const requestId = fake2.deliveries.find((d) => d.postId === asked.id)?.body.request as string;
    expect(requestId).toMatch(/^req_/);
    const submitted = await h2.api('POST', '/v1/actions', {
      token: token2,
      body: {
        request_id: requestId,
        platform: 'forum',
        action: { kind: 'post', channel: String(RANDOM), text: 'Notes\n\n[hold] The notes, written up.' },
      },
    });
    const actionId: string = submitted.body.id;
    await expect.poll(() => fake2.messagesTo('priya').some((t) => t.title.includes(actionId))).toBe(true);
    const pm = fake2.messagesTo('priya').find((t) => t.title.includes(actionId))!;
    expect(pm.posts[0]!.raw).toContain('`let it post`');
    // Someone else's "let it post" in that conversation is refused by the domain (not the requester).
    await fake2.humanPost({ username: 'mallory', topicId: pm.id, raw: 'let it post' });
    expect(await status2(actionId)).toBe('held');
    await fake2.humanPost({ username: 'priya', topicId: pm.id, raw: 'let it post' });
    await expect.poll(() => status2(actionId)).toBe('published');
    expect(fake2.inCategory(RANDOM).filter((t) => t.external_id === actionId)).toHaveLength(1);
  });

  it('reject: with a reason rejects and tells the requester-less topic; conversation decides nothing', async () => {
    const { actionId, review } = await held('Plans\n\n[hold] We will migrate on Friday.');
    await fake2.humanPost({ username: 'rita', topicId: review.id, raw: 'Looks risky, let us discuss.' });
    expect(await status2(actionId)).toBe('held');
    expect(answers2(review.id, 'rita')).toHaveLength(0);
    await fake2.humanPost({
      username: 'rita',
      topicId: review.id,
      raw: 'reject: not announced yet',
      replyTo: 1,
    });
    await expect.poll(() => status2(actionId)).toBe('rejected');
    await expect
      .poll(() => fake2.topic(review.id)!.posts[0]!.raw)
      .toMatch(/\*\*Outcome:\*\* rejected by rita-forum.*not announced yet/);
    expect(fake2.inCategory(RANDOM).filter((t) => t.external_id === actionId)).toHaveLength(0);
  });
});
