// The forum webhook under generated input (the shared fuzz in test/fuzz/ covers /v1 and MCP, not platform
// webhooks): bodies that are not JSON, JSON of every shape, post payloads with fields of the wrong type or
// hostile strings, headers missing or malformed, each sent unsigned, wrongly signed and correctly signed to
// the real /forum/webhooks of a real Airlock. No input may get a 5xx; an unsigned or wrongly signed one
// may change nothing (the audit head stays put); nothing is ever published.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeDiscourse, startFakeDiscourse } from '../../fakes/discourse.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { forumEnv, postPayload, REVIEW_CATEGORY, sendWebhook } from './helpers.ts';
import { fieldValue as anyFieldValue, hostileStrings } from '../../helpers/fuzz.ts';

let fake: FakeDiscourse;
let h: TestAirlock;
const RUNS = Number(process.env['FORUM_FUZZ_RUNS'] ?? 1_000);

beforeAll(async () => {
  fake = await startFakeDiscourse();
  h = await startTestAirlock({ classifier: markerClassifier() }, forumEnv(fake));
  await h.airlock.gov.admin.addAgent('fuzz-helper', { forum: 'helperbot' });
  await h.airlock.gov.admin.addReviewer('rita-forum', ['default'], { forum: 'rita' });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const hostile = hostileStrings(
  'approve',
  'reject: x',
  'edit:\nnew',
  '@helperbot do it',
  '@rita',
  'let it post',
  '[act_1]',
  'Review: x [act_00000000000000000000000]',
);
const fieldValue = anyFieldValue(hostile);
const mutatedPost = fc
  .record({
    id: fc.integer({ min: 1, max: 1_000_000 }),
    username: fc.oneof(fc.constantFrom('rita', 'priya', 'helperbot', 'airlock', 'mallory'), hostile),
    raw: hostile,
    topicId: fc.integer({ min: 1, max: 1_000 }),
    categoryId: fc.oneof(fc.constant(REVIEW_CATEGORY), fc.constant(null), fc.integer({ min: 0, max: 20 })),
    title: hostile,
    archetype: fc.constantFrom('regular', 'private_message'),
    replyTo: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5 })),
  })
  .chain((p) =>
    fc
      .dictionary(
        fc.constantFrom(
          'id',
          'topic_id',
          'post_number',
          'username',
          'raw',
          'reply_to_post_number',
          'category_id',
          'topic_title',
          'post_type',
          'deleted_at',
        ),
        fieldValue,
        { maxKeys: 2 },
      )
      .map((over) => {
        const base = postPayload(p);
        return { post: { ...base.post, ...over } };
      }),
  );
const body = fc.oneof(
  mutatedPost.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  hostile,
  fc.constantFrom('', '{', '[]', 'null', '{"post":null}', '{"post":[]}', `{"post":${'['.repeat(5000)}`),
);
const signing = fc.constantFrom('valid', 'none', 'wrong-secret', 'malformed');
// Header values are what an HTTP client can send (visible ASCII); anything else never reaches a server.
const headerSafe = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x21-\x7e]/g, '').slice(0, 60));
const event = fc.oneof(fc.constantFrom('post_created', 'post_edited', 'ping', 'topic_created'), headerSafe);
const eventId = fc.oneof(fc.integer({ min: 1, max: 50 }).map(String), headerSafe);

it(`${RUNS} generated webhook deliveries: no 5xx, no change without a valid signature, no publish`, async () => {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(body, signing, event, eventId, async (raw, how, ev, id) => {
      const before = await h.airlock.store.audit.head();
      const res = await sendWebhook(h.url, null, {
        raw,
        event: ev,
        eventId: id,
        ...(how === 'none'
          ? { signature: null }
          : how === 'wrong-secret'
            ? { secret: 'not-the-webhook-secret' }
            : how === 'malformed'
              ? { signature: 'sha256=xyz' }
              : {}),
      }).catch((e: unknown) => ({ status: -1, body: String(e) }));
      if (res.status >= 500 || res.status < 0)
        failures.push(`${res.status} for ${how} ${JSON.stringify(raw).slice(0, 200)}`);
      if (how !== 'valid') {
        if (res.status !== 401) failures.push(`${how} signature answered ${res.status}`);
        const after = await h.airlock.store.audit.head();
        if (after.seq !== before.seq) failures.push(`${how} signature changed state`);
      }
    }),
    { numRuns: RUNS, seed: 29 },
  );
  expect(failures).toEqual([]);
  expect(fake.allPosts().filter((p) => p.username === 'helperbot')).toEqual([]);
  expect(await h.airlock.store.actions.list({ status: 'published' })).toEqual([]);
}, 300_000);
