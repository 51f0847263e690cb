// /discord/interactions under generated input (issue 13 item 1: every platform webhook): PINGs, slash
// commands, button clicks and modal submissions built from valid shapes with fields replaced by hostile
// values, plus raw garbage, each sent unsigned, signed by another key, stale and correctly signed
// (Ed25519, a test key pair) to the real /discord/interactions of a real Airlock with Discord pointed at
// the fake. No input may get a 5xx; a request that is not correctly signed changes nothing (the audit
// head stays put); nothing is ever published: the classifier holds everything for two `security`
// approvals and the Discord reviewer is not in that group.
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeClick } from '../../../src/platforms/discord/render/custom-id.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { signed, testKeys } from './signing.ts';
import { holdForSecurity } from '../../helpers/classifiers.ts';
import { fieldValue as anyFieldValue, hostileStrings, withFieldsReplaced } from '../../helpers/fuzz.ts';

const RUNS = Number(process.env['DISCORD_FUZZ_RUNS'] ?? 1_000);
const APP = '700000000000000001';
const REVIEW = '600000000000000001';
const GENERAL = '600000000000000002';
const RITA = '500000000000000002';
const PRIYA = '500000000000000001';

const keys = testKeys();
const otherKeys = testKeys();
let fake: FakeDiscord;
let h: TestAirlock;
let held: { id: string; hash: string };

beforeAll(async () => {
  fake = await startFakeDiscord({ applicationId: APP });
  h = await startTestAirlock(
    { classifier: holdForSecurity },
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
  const r = await h.api('POST', '/v1/actions', {
    token: h.agentToken,
    body: { request_id: null, platform: 'discord', action: { kind: 'post', channel: GENERAL, text: 'held' } },
  });
  expect(r.body.status).toBe('held');
  const stored = await h.airlock.store.actions.get(String(r.body.id));
  held = { id: stored!.id, hash: stored!.contentHash };
}, 120_000);
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const snowflake = () => String(1_100_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));
const hostile = hostileStrings('test-agent', 'ask', 'pending', 'help', '@everyone');
const fieldValue = anyFieldValue(hostile);
const user = fc.constantFrom(RITA, PRIYA, '500000000000000009', 'x');
const member = user.map((id) => ({
  user: { id, username: 'u', global_name: 'u', discriminator: '0', avatar: null },
  roles: [],
}));
const customId = fc.oneof(
  fc
    .constantFrom(
      'approve',
      'reject',
      'edit',
      'redact',
      'pause',
      'release',
      'discard',
      'reject_modal',
      'edit_modal',
    )
    .map((kind) =>
      encodeClick(
        kind as Parameters<typeof encodeClick>[0],
        held.id,
        kind === 'pause' ? undefined : held.hash,
      ),
    ),
  fc.constantFrom('al:a:act_unknown:0000', 'al:zz:x', 'al:', '::::'),
  hostile.map((s) => s.slice(0, 100)),
);
const option = fc.record({ type: fc.constantFrom(1, 3, 4, 5), name: hostile, value: fieldValue });
const data = fc.oneof(
  fc.record({
    id: fc.constant('1'),
    name: fc.constantFrom('airlock', 'other'),
    type: fc.constant(1),
    options: fc.oneof(
      fc
        .record({
          type: fc.constant(1),
          name: fc.constantFrom('ask', 'pending', 'status', 'pause', 'digest', 'help', 'nope'),
          options: fc.array(option, { maxLength: 3 }),
        })
        .map((o) => [o]),
      fieldValue,
    ),
  }),
  fc.record({ custom_id: customId, component_type: fc.constantFrom(2, 3) }),
  fc.record({
    custom_id: customId,
    components: fc.oneof(
      hostile.map((value) => [
        { type: 1, components: [{ type: 4, custom_id: 'text', value }] },
        { type: 1, components: [{ type: 4, custom_id: 'reason', value }] },
      ]),
      fieldValue,
    ),
  }),
  fieldValue,
);
const interaction = withFieldsReplaced(
  fc.record({
    id: fc.constant('').map(snowflake),
    application_id: fc.constant(APP),
    type: fc.constantFrom(1, 2, 3, 4, 5, 99),
    token: fc.constant('itok'),
    version: fc.constant(1),
    guild_id: fc.constant('800000000000000001'),
    channel_id: fc.constantFrom(REVIEW, GENERAL),
    member,
    message: fc.constant({ id: '1', channel_id: REVIEW, embeds: [], components: [] }),
    data,
  }),
  ['id', 'type', 'member', 'user', 'data', 'channel_id', 'message', 'token', 'guild_id'],
  fieldValue,
  2,
).map((o) => JSON.stringify(o));
const garbage = fc.oneof(
  hostile,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('', '{', '[]', 'null', '{"type":1', `{"type":2,"data":${'['.repeat(5000)}`),
);
const body = fc.oneof({ weight: 3, arbitrary: interaction }, { weight: 1, arbitrary: garbage });
const signing = fc.constantFrom('valid', 'valid', 'none', 'other-key', 'stale', 'tampered');

it(`${RUNS} generated /discord/interactions requests: no 5xx, no change without a valid signature, no publish`, async () => {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(body, signing, async (raw, how) => {
      const before = await h.airlock.store.audit.head();
      const s = signed(
        how === 'other-key' ? otherKeys : keys,
        raw,
        how === 'stale' ? Date.now() - 600_000 : Date.now(),
      );
      const headers: Record<string, string> =
        how === 'none' ? { 'content-type': 'application/json' } : s.headers;
      const sent = how === 'tampered' ? `${s.body} ` : s.body;
      const res = await fetch(`${h.url}/discord/interactions`, { method: 'POST', headers, body: sent })
        .then(async (r) => ({ status: r.status, body: await r.text() }))
        .catch((e: unknown) => ({ status: -1, body: String(e) }));
      if (res.status >= 500 || res.status < 0)
        failures.push(`${res.status} for ${how} ${raw.slice(0, 300)}: ${res.body.slice(0, 200)}`);
      if (how !== 'valid') {
        if (res.status !== 401) failures.push(`${how} signature answered ${res.status}`);
        const after = await h.airlock.store.audit.head();
        if (after.seq !== before.seq) failures.push(`${how} signature changed state`);
      }
    }),
    { numRuns: RUNS, seed: 37 },
  );
  expect(failures).toEqual([]);
  expect(await h.airlock.store.actions.list({ status: 'published' })).toEqual([]);
  expect((await h.airlock.store.actions.get(held.id))?.status).toBe('held');
  // A publication would land in #general; the fake saw no message there.
  expect(fake.channel(GENERAL)).toEqual([]);
}, 600_000);
