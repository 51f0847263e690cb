// /slack/events under generated input (issue 13 item 1: every platform webhook, like the forum's): events,
// interactions (form-encoded `payload`) and slash commands built from valid shapes with fields replaced by
// hostile values, plus raw garbage, each sent unsigned, wrongly signed, stale and correctly signed to the
// real /slack/events of a real Airlock with Slack pointed at the fake. No input may get a 5xx; a request
// that is not correctly signed changes nothing (the audit head stays put); nothing is ever published: the
// classifier holds everything for two `security` approvals and the Slack reviewer is not in that group, so
// a generated click that names the held action can at most be refused.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { METADATA_EVENT } from '../../../src/platforms/slack/outbound/publish.ts';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { BOT_TOKEN, BOT_USER, FORM, SIGNING_SECRET, send, slackHeaders } from '../../helpers/slack.ts';
import { holdForSecurity } from '../../helpers/classifiers.ts';
import { fieldValue as anyFieldValue, hostileStrings, withFieldsReplaced } from '../../helpers/fuzz.ts';

const RUNS = Number(process.env['SLACK_FUZZ_RUNS'] ?? 1_000);
const AGENT_USER = 'U0HELPER';
const REVIEWER_USER = 'U0RITA';

let slack: FakeSlack;
let t: TestAirlock;
let held: { id: string; hash: string };

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestAirlock(
    { classifier: holdForSecurity },
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_REVIEW_CHANNEL: 'C0REVIEW',
      SLACK_API_URL: slack.url,
    },
  );
  await t.airlock.gov.admin.addAgent('fuzz-helper', { slack: AGENT_USER });
  await t.airlock.gov.admin.addReviewer('rita-slack', ['default'], { slack: REVIEWER_USER });
  const r = await t.api('POST', '/v1/actions', {
    token: t.agentToken,
    body: {
      request_id: null,
      platform: 'slack',
      action: { kind: 'post', channel: 'C0GENERAL', text: 'held' },
    },
  });
  expect(r.body.status).toBe('held');
  const stored = await t.airlock.store.actions.get(String(r.body.id));
  held = { id: String(r.body.id), hash: stored!.contentHash };
}, 120_000);
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

const hostile = hostileStrings(
  `<@${AGENT_USER}> please reply`,
  `<@${BOT_USER}> ask fuzz-helper to post`,
  'ask fuzz-helper post it',
  'pending',
  'status act_x',
  'pause fuzz-helper',
  'digest',
  'help',
  '<!channel>',
);
const fieldValue = anyFieldValue(hostile);
/** A valid shape with up to three fields (top level or inner) replaced or removed. */
const mutate = <T extends Record<string, unknown>>(base: fc.Arbitrary<T>, keys: string[]) =>
  withFieldsReplaced(base, keys, fieldValue);

const user = fc.constantFrom(REVIEWER_USER, 'U0PRIYA', AGENT_USER, BOT_USER, '');
const eventJson = mutate(
  fc.record({
    type: fc.constantFrom('app_mention', 'message', 'app_home_opened', 'app_uninstalled', 'reaction_added'),
    user,
    text: hostile,
    channel: fc.constantFrom('C0GENERAL', 'D0DM', 'C0REVIEW', ''),
    channel_type: fc.constantFrom('channel', 'im', 'group'),
    ts: fc.constantFrom('1700000000.000100', '1', ''),
    thread_ts: fc.option(fc.constantFrom('1700000000.000100', 'x'), { nil: undefined }),
    subtype: fc.option(fc.constantFrom('bot_message', 'message_changed'), { nil: undefined }),
  }),
  ['type', 'user', 'text', 'channel', 'ts', 'thread_ts', 'subtype', 'bot_id', 'blocks'],
).chain((event) =>
  mutate(
    fc.record({
      type: fc.constantFrom('event_callback', 'url_verification', 'app_rate_limited'),
      team_id: fc.constant('T0TEAM'),
      event_id: fc.integer({ min: 1, max: 60 }).map((n) => `Ev${n}`),
      event_time: fc.constant(Math.floor(Date.now() / 1000)),
      challenge: fc.constant('c'),
      authorizations: fc.constant([{ user_id: BOT_USER, is_bot: true }]),
      event: fc.constant(event),
    }),
    ['type', 'team_id', 'event_id', 'event', 'authorizations', 'challenge'],
  ).map((b) => ({ body: JSON.stringify(b), contentType: 'application/json' })),
);

const buttonValue = fc.oneof(
  fc.constant(`${'ACT'}|HASH`).map(() => `${held.id}|${held.hash}`),
  fc.constant('').map(() => `${held.id}|stale`),
  hostile,
);
const interaction = fc
  .oneof(
    mutate(
      fc.record({
        type: fc.constant('block_actions'),
        user: user.map((id) => ({ id })),
        channel: fc.constant({ id: 'C0REVIEW' }),
        message: fc.constant({ ts: '1700000000.000200' }),
        trigger_id: fc.constant('trig'),
        actions: fc
          .record({
            action_id: fc.constantFrom(
              'airlock_approve',
              'airlock_reject',
              'airlock_edit',
              'airlock_redact',
              'airlock_pause',
              'airlock_release',
              'airlock_discard',
              'other',
            ),
            block_id: fc.constantFrom('airlock_review:x', 'notice', ''),
            value: buttonValue,
          })
          .map((a) => [a]),
      }),
      ['type', 'user', 'actions', 'channel', 'message', 'container'],
    ),
    mutate(
      fc.record({
        type: fc.constant('view_submission'),
        user: user.map((id) => ({ id })),
        view: fc.record({
          callback_id: fc.constantFrom('airlock_reject_modal', 'airlock_edit_modal', 'x'),
          private_metadata: fc.oneof(
            fc
              .constant('')
              .map(() =>
                JSON.stringify({ actionId: held.id, contentHash: held.hash, channel: 'C0REVIEW', ts: '1.2' }),
              ),
            hostile,
          ),
          state: fc.oneof(
            hostile.map((v) => ({ values: { b: { value: { type: 'plain_text_input', value: v } } } })),
            fieldValue,
          ),
        }),
      }),
      ['type', 'user', 'view'],
    ),
  )
  .map((p) => ({ body: new URLSearchParams({ payload: JSON.stringify(p) }).toString(), contentType: FORM }));

const command = fc
  .record({
    command: fc.oneof(fc.constant('/airlock'), hostile),
    text: hostile,
    user_id: user,
    channel_id: fc.constantFrom('C0GENERAL', 'D0DM', ''),
    team_id: fc.constant('T0TEAM'),
    trigger_id: fc.constant('trig'),
    response_url: fc.constant('https://hooks.slack.invalid/x'),
  })
  .chain((f) =>
    fc.subarray(Object.keys(f)).map((drop) => {
      const o: Record<string, string> = {};
      for (const [k, v] of Object.entries(f)) if (!drop.includes(k)) o[k] = String(v);
      return { body: new URLSearchParams(o).toString(), contentType: FORM };
    }),
  );

const garbage = fc
  .tuple(
    fc.oneof(
      hostile,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('', '{', 'payload=', 'payload=%7B', `payload=${'%5B'.repeat(3000)}`, '['.repeat(5000)),
    ),
    fc.constantFrom('application/json', FORM, 'text/plain'),
  )
  .map(([body, contentType]) => ({ body, contentType }));

const request = fc.oneof(
  { weight: 3, arbitrary: eventJson },
  { weight: 3, arbitrary: interaction },
  { weight: 2, arbitrary: command },
  { weight: 2, arbitrary: garbage },
);
const signing = fc.constantFrom('valid', 'valid', 'none', 'wrong-secret', 'stale');

it(`${RUNS} generated /slack/events requests: no 5xx, no change without a valid signature, no publish`, async () => {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(request, signing, async (req, how) => {
      const before = await t.airlock.store.audit.head();
      const headers =
        how === 'none'
          ? { 'content-type': req.contentType }
          : slackHeaders(req.body, {
              contentType: req.contentType,
              ...(how === 'wrong-secret' ? { secret: 'not-the-signing-secret-000' } : {}),
              ...(how === 'stale' ? { at: Date.now() - 10 * 60_000 } : {}),
            });
      const res = await send(t.url, req.body, headers).catch((e: unknown) => ({
        status: -1,
        body: String(e),
      }));
      if (res.status >= 500 || res.status < 0)
        failures.push(
          `${res.status} for ${how} ${req.body.slice(0, 300)}: ${JSON.stringify(res.body).slice(0, 200)}`,
        );
      if (how !== 'valid') {
        if (res.status !== 401) failures.push(`${how} signature answered ${res.status}`);
        const after = await t.airlock.store.audit.head();
        if (after.seq !== before.seq) failures.push(`${how} signature changed state`);
      }
    }),
    { numRuns: RUNS, seed: 31 },
  );
  expect(failures).toEqual([]);
  expect(await t.airlock.store.actions.list({ status: 'published' })).toEqual([]);
  const action = await t.airlock.store.actions.get(held.id);
  expect(action?.status).toBe('held');
  // Nothing went out as the agent: a publication carries the action id in its message metadata.
  const published = slack
    .callsOf('chat.postMessage')
    .filter((c) => JSON.stringify(c.args['metadata'] ?? '').includes(METADATA_EVENT));
  expect(published).toEqual([]);
}, 600_000);
