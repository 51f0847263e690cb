// A crash between the forum's acceptance of a post and Airlock's record of it: the fake accepts the post
// and never answers (the process that sent it is as good as dead), the publishing claim lapses, and the
// worker takes the action over. Exactly one topic (found by its external_id) or one reply (found by the
// provenance mark among the agent user's latest posts) lands. A 429 with Retry-After on the way is retried
// no sooner than the forum asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../src/governance/model.ts';
import { DEFAULT_SETTINGS } from '../../../src/governance/pipeline/index.ts';
import type { Airlock } from '../../../src/main.ts';
import { type FakeDiscourse, startFakeDiscourse } from '../../fakes/discourse.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { manualClock } from '../../helpers/clock.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import { createAirlockOn } from '../../helpers/pipeline.ts';
import { forumEnv } from './helpers.ts';

let fake: FakeDiscourse;
let db: TestDb;
let airlock: Airlock;
let agent: Agent;
const clock = manualClock(Date.now());

beforeAll(async () => {
  fake = await startFakeDiscourse();
  db = await createTestDb();
  airlock = await createAirlockOn(
    db,
    { classifier: markerClassifier(), clock },
    { ...forumEnv(fake), AIRLOCK_PUBLISH_BACKOFF_MS: '1000' },
  );
  agent = (await airlock.gov.admin.addAgent('poster', { forum: 'posterbot' })).agent;
});
afterAll(async () => {
  await fake?.close();
  await airlock?.close();
  await db?.drop();
});

async function crashThenTakeOver(action: {
  kind: 'post' | 'reply';
  channel: string;
  thread?: string;
  text: string;
}) {
  fake.hangNext('POST /posts.json');
  const dead = airlock.gov.agents.submit(agent, { request_id: null, platform: 'forum', action });
  dead.catch(() => {});
  const body = action.text.split('\n').at(-1)!;
  const mine = () => fake.allPosts().filter((p) => p.raw.startsWith(body));
  await expect.poll(mine).toHaveLength(1);
  const latest = (await airlock.store.actions.list({ agentId: agent.id })).find(
    (a) => a.text === action.text,
  );
  expect(latest?.status).toBe('publishing');

  clock.advance(DEFAULT_SETTINGS.claimLeaseMs);
  await airlock.gov.worker.tick();
  await expect
    .poll(async () => (await airlock.store.actions.get(latest!.id))?.status, { timeout: 20_000 })
    .toBe('published');
  const published = await airlock.store.actions.get(latest!.id);
  expect(mine()).toHaveLength(1);
  expect(published?.platformRef).toBe(String(mine()[0]!.id));
  return latest!.id;
}

describe('crash between post and record', () => {
  it('a topic: the takeover finds it by external_id, exactly one topic', async () => {
    const id = await crashThenTakeOver({
      kind: 'post',
      channel: '4',
      text: 'Release notes\n\nVersion 2 is out.',
    });
    expect([...fake.topics.values()].filter((t) => t.external_id === id)).toHaveLength(1);
    expect(fake.callsTo(`GET /t/external_id/${id}.json`).length).toBeGreaterThanOrEqual(2);
    expect(fake.specProblems).toEqual([]);
  }, 40_000);

  it('a reply: the takeover finds it by its provenance mark, exactly one reply', async () => {
    const human = await fake.humanPost({ username: 'priya', title: 'Question', category: 4, raw: 'anyone?' });
    await crashThenTakeOver({
      kind: 'reply',
      channel: '4',
      thread: `${human.topic_id}/1`,
      text: 'Yes, on it.',
    });
    expect(fake.topic(human.topic_id)!.posts.filter((p) => p.username === 'posterbot')).toHaveLength(1);
    expect(fake.specProblems).toEqual([]);
  }, 40_000);

  it('a 429 with Retry-After is retried no sooner than asked, then posts once', async () => {
    fake.fail('POST /posts.json', 429, { retryAfterS: 30 });
    const { view } = await airlock.gov.agents.submit(agent, {
      request_id: null,
      platform: 'forum',
      action: { kind: 'post', channel: '4', text: 'Maintenance\n\nTonight at 22:00.' },
    });
    const a = await airlock.store.actions.get(view.id);
    expect(a?.status).toBe('publishing');
    expect(a?.lastError).toMatch(/rate limit/);
    expect(a!.nextAttemptAt!.getTime() - clock.ms).toBeGreaterThanOrEqual(30_000);
    clock.advance(10_000);
    await airlock.gov.worker.tick();
    expect((await airlock.store.actions.get(view.id))?.status).toBe('publishing');
    clock.advance(21_000);
    await airlock.gov.worker.tick();
    await expect.poll(async () => (await airlock.store.actions.get(view.id))?.status).toBe('published');
    expect([...fake.topics.values()].filter((t) => t.external_id === view.id)).toHaveLength(1);
  }, 40_000);
});
