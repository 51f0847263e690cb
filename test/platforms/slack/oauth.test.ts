// Several workspaces ("Add to Slack") through a real Airlock: the real /slack/install and
// /slack/oauth_redirect, the fake Slack answering oauth.v2.access, installations stored with the bot
// token sealed; the state bound to the browser, signed and expiring; a mention in one workspace answered
// with that workspace's token; an uninstalled workspace's publishes fail for good, posting nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/governance/ports.ts';
import { BOT_SCOPES } from '../../../src/platforms/slack/scopes.ts';
import { createSecretBox, SecretBoxError } from '../../../src/secret-box.ts';
import { type FakeSlack, type FakeWorkspace, type Json, startFakeSlack } from '../../fakes/slack.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { BOT_USER, SIGNING_SECRET, sendSigned } from '../../helpers/slack.ts';

const KEY = randomBytes(32);
const CLIENT = { clientId: '1111.2222', clientSecret: 'client-secret-0123456789' };
const PUBLIC_URL = 'https://airlock.example.test';
const ALPHA: FakeWorkspace = { team: 'T0ALPHA', teamName: 'Alpha', botToken: 'xoxb-alpha-1', user: 'U0ANNA' };
const BETA: FakeWorkspace = { team: 'T0BETA', teamName: 'Beta', botToken: 'xoxb-beta-1', user: 'U0BEN' };

let slack: FakeSlack;
let t: TestAirlock;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
let callsAtStart = -1;

beforeAll(async () => {
  slack = await startFakeSlack({ oauth: CLIENT });
  t = await startTestAirlock(
    { classifier: markerClassifier(), clock },
    {
      SLACK_CLIENT_ID: CLIENT.clientId,
      SLACK_CLIENT_SECRET: CLIENT.clientSecret,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      AIRLOCK_ENCRYPTION_KEY: KEY.toString('base64'),
      SLACK_API_URL: slack.url,
      SLACK_REVIEW_CHANNEL: 'C0REVIEW',
      AIRLOCK_PUBLIC_URL: PUBLIC_URL,
      AIRLOCK_PUBLISH_BACKOFF_MS: '20',
    },
  );
  callsAtStart = slack.calls.length;
}, 120_000);
afterAll(async () => {
  await t?.close();
  expect(slack.specViolations).toEqual([]);
  await slack.close();
});

const repo = () => {
  const r = t.airlock.slackInstallations;
  if (!r) throw new Error('several-workspace mode is off');
  return r;
};

/** GET /slack/install as a browser: the redirect to Slack, and the state cookie it set. */
async function startInstall(): Promise<{ location: URL; state: string; cookie: string }> {
  const res = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const state = location.searchParams.get('state') ?? '';
  expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  return { location, state, cookie };
}

/** Slack sends the browser back to /slack/oauth_redirect. */
async function redirectBack(
  query: Record<string, string>,
  cookie?: string,
): Promise<{ status: number; text: string; setCookie: string | null }> {
  const res = await fetch(`${t.url}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, text: await res.text(), setCookie: res.headers.get('set-cookie') };
}

async function install(ws: FakeWorkspace, code = `code-${ws.team}-${randomBytes(3).toString('hex')}`) {
  slack.grant(code, ws);
  const { state, cookie } = await startInstall();
  return redirectBack({ code, state }, cookie);
}

const exchanges = () => slack.callsOf('oauth.v2.access').length;

describe('Add to Slack: the install flow', () => {
  it('starts without calling Slack', () => {
    expect(callsAtStart).toBe(0);
  });

  it('/slack/install redirects to Slack with the client id, the bot scopes, the redirect URI and a state', async () => {
    const { location, state } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(location.searchParams.get('scope')?.split(',').sort()).toEqual(BOT_SCOPES);
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    expect(state.length).toBeGreaterThan(40);
  });

  it('stores the installation with the bot token sealed: not the plaintext, opens with the key, not with another', async () => {
    const r = await install(ALPHA);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Airlock is installed in Alpha');
    expect(r.text).not.toContain(ALPHA.botToken);
    // The state cookie is cleared whatever happened.
    expect(r.setCookie).toContain('slack-app-oauth-state=deleted');
    const exchange = slack.callsOf('oauth.v2.access').at(-1);
    expect(exchange?.args).toMatchObject({
      client_id: CLIENT.clientId,
      redirect_uri: `${PUBLIC_URL}/slack/oauth_redirect`,
    });

    const row = await repo().get(ALPHA.team);
    expect(row).toMatchObject({
      teamId: 'T0ALPHA',
      teamName: 'Alpha',
      botUserId: 'U0AIRLOCK',
      installedBy: 'U0ANNA',
      revokedAt: null,
    });
    expect(row?.botToken).not.toContain(ALPHA.botToken);
    expect(row?.botToken).not.toContain('xoxb');
    expect(row?.botToken.startsWith('v1:')).toBe(true);
    expect(createSecretBox(KEY).open(row?.botToken ?? '', ALPHA.team)).toBe(ALPHA.botToken);
    expect(() => createSecretBox(randomBytes(32)).open(row?.botToken ?? '', ALPHA.team)).toThrow(
      SecretBoxError,
    );
    // Bound to its workspace: the same value copied to another row does not open.
    expect(() => createSecretBox(KEY).open(row?.botToken ?? '', BETA.team)).toThrow(SecretBoxError);
  });

  it('a re-install updates the row (new token), it does not add one', async () => {
    const before = await repo().get(ALPHA.team);
    const r = await install({ ...ALPHA, botToken: 'xoxb-alpha-2' });
    expect(r.status).toBe(200);
    const rows = (await repo().active()).filter((x) => x.id === ALPHA.team);
    expect(rows).toHaveLength(1);
    expect(createSecretBox(KEY).open(rows[0]?.botToken ?? '', ALPHA.team)).toBe('xoxb-alpha-2');
    expect(rows[0]?.installedAt.getTime()).toBe(before?.installedAt.getTime());
  });

  it('refuses a missing, foreign, tampered or expired state, and stores nothing', async () => {
    const ws: FakeWorkspace = { team: 'T0NOPE', botToken: 'xoxb-nope' };
    const before = exchanges();
    const a = await startInstall();
    const b = await startInstall();
    slack.grant('code-nope', ws);
    const cases = [
      // No cookie: not the browser that started the install.
      await redirectBack({ code: 'code-nope', state: a.state }),
      // Another browser's cookie.
      await redirectBack({ code: 'code-nope', state: a.state }, b.cookie),
      // No state at all.
      await redirectBack({ code: 'code-nope' }, a.cookie),
    ];
    // A forged state in both places (as an attacker who controls the victim's cookie could): the signature fails.
    const forged = `${Buffer.from(JSON.stringify({ iat: Date.now(), nonce: 'x', options: { scopes: [] } })).toString('base64url')}.AAAA`;
    cases.push(await redirectBack({ code: 'code-nope', state: forged }, `slack-app-oauth-state=${forged}`));
    const tampered = `${a.state.slice(0, -2)}${a.state.endsWith('AA') ? 'BB' : 'AA'}`;
    cases.push(
      await redirectBack({ code: 'code-nope', state: tampered }, `slack-app-oauth-state=${tampered}`),
    );
    // Expired: the link is older than 10 minutes.
    const c = await startInstall();
    offsetMs = 11 * 60_000;
    try {
      cases.push(await redirectBack({ code: 'code-nope', state: c.state }, c.cookie));
    } finally {
      offsetMs = 0;
    }
    for (const r of cases) {
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/not valid|Nothing was installed/);
    }
    expect(cases[cases.length - 1]?.text).toContain('expired');
    expect(exchanges()).toBe(before);
    expect(await repo().get('T0NOPE')).toBeNull();
  });

  it('an install cancelled in Slack (access_denied) stores nothing', async () => {
    const before = exchanges();
    const { state, cookie } = await startInstall();
    const r = await redirectBack({ error: 'access_denied', state }, cookie);
    expect(r.status).toBe(400);
    expect(r.text).toContain('Installation cancelled');
    expect(exchanges()).toBe(before);
  });

  it('a code Slack refuses gives a clear page and stores nothing', async () => {
    const { state, cookie } = await startInstall();
    const r = await redirectBack({ code: 'never-granted', state }, cookie);
    expect(r.status).toBe(502);
    expect(r.text).toContain('Slack refused the installation');
    expect(r.text).toContain('invalid_code');
    expect((await repo().active()).map((x) => x.id)).toEqual([ALPHA.team]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: API answers are asserted field by field
type Any = any;

const mention = (ws: FakeWorkspace, eventId: string, channel: string, ts: string, text: string) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: ws.team,
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ user_id: BOT_USER, is_bot: true, team_id: ws.team }],
    event: {
      type: 'app_mention',
      user: ws === ALPHA ? 'U0AMY' : 'U0BOB',
      channel,
      ts,
      text: `<@${BOT_USER}> test-agent ${text}`,
    },
  });

async function askIn(ws: FakeWorkspace, channel: string, ts: string, text: string): Promise<string> {
  const r = await sendSigned(t.url, mention(ws, `Ev${randomBytes(4).toString('hex')}`, channel, ts, text));
  expect(r.status).toBe(200);
  expect(r.body.what).toBe('request recorded');
  const reqs = await t.api('GET', '/v1/agent/requests', { token: t.agentToken });
  const mine = reqs.body.requests.find((q: Json) => q.text.includes(text));
  expect(mine?.origin).toMatchObject({ channel, thread: ts });
  return mine.id;
}

const reply = (requestId: string, channel: string, thread: string, text: string) =>
  t.api('POST', '/v1/actions', {
    token: t.agentToken,
    body: { request_id: requestId, platform: 'slack', action: { kind: 'reply', channel, thread, text } },
  });

const postOf = (actionId: string) =>
  slack.callsOf('chat.postMessage').filter((c) => c.args['metadata']?.event_payload?.action_id === actionId);

describe('Add to Slack: each workspace through its own token', () => {
  beforeAll(async () => {
    expect((await install(BETA)).status).toBe(200);
  });

  it("a mention in workspace A is answered in A with A's token, B's in B with B's", async () => {
    const reqA = await askIn(ALPHA, 'C0ALPHA', '1700000001.000100', 'post the deploy status here (alpha)');
    const reqB = await askIn(BETA, 'C0BETA', '1700000002.000200', 'post the deploy status here (beta)');
    const a: Any = await reply(reqA, 'C0ALPHA', '1700000001.000100', 'Alpha deploy finished.');
    const b: Any = await reply(reqB, 'C0BETA', '1700000002.000200', 'Beta deploy finished.');
    expect(a.body.status).toBe('published');
    expect(b.body.status).toBe('published');
    expect(postOf(a.body.id).map((c) => [c.token, c.args['channel']])).toEqual([['xoxb-alpha-2', 'C0ALPHA']]);
    expect(postOf(b.body.id).map((c) => [c.token, c.args['channel']])).toEqual([['xoxb-beta-1', 'C0BETA']]);
  });

  it("a held reply's review card and the requester's notice go through the request's workspace", async () => {
    const req = await askIn(BETA, 'C0BETA', '1700000003.000300', 'why did the deploy fail (beta)?');
    const r: Any = await reply(req, 'C0BETA', '1700000003.000300', '[hold] Rolling back prod now.');
    expect(r.body.status).toBe('held');
    const forAction = (c: { args: Json }) => c.args['metadata']?.event_payload?.action_id === r.body.id;
    const card = slack
      .callsOf('chat.postMessage')
      .filter((c) => forAction(c) && c.args['channel'] === 'C0REVIEW');
    expect(card.map((c) => c.token)).toEqual(['xoxb-beta-1']);
    const dms = slack.callsOf('conversations.open').filter((c) => c.args['users'] === 'U0BOB');
    expect(dms.map((c) => c.token)).toContain('xoxb-beta-1');
    expect(dms.map((c) => c.token)).not.toContain('xoxb-alpha-2');
  });

  it('with several workspaces, a reply Airlock cannot place fails for good with a clear error', async () => {
    const rec = await t.api('POST', '/v1/requests', {
      token: t.reviewerToken,
      body: {
        text: 'post the deploy status in this thread',
        requester: { id: 'U0SOMEONE' },
        platform: 'slack',
        origin: { channel: 'C0UNSEEN', thread: '1700000004.000400' },
        agent_id: t.agentId,
      },
    });
    expect(rec.status).toBe(201);
    const r: Any = await reply(rec.body.id, 'C0UNSEEN', '1700000004.000400', 'Deploy finished.');
    expect(r.status).toBeLessThan(500);
    const done = await t.api('GET', `/v1/actions/${r.body.id}`, { token: t.agentToken });
    expect(done.body.status).toBe('failed');
    expect(done.body.last_error).toMatch(/cannot tell which one/);
    expect(postOf(r.body.id)).toEqual([]);
  });

  it('app_uninstalled marks the workspace revoked: its replies fail for good, nothing is posted; a re-install restores it', async () => {
    const req = await askIn(BETA, 'C0BETA', '1700000005.000500', 'post the status here (beta, later)');
    const uninstall = await sendSigned(
      t.url,
      JSON.stringify({
        type: 'event_callback',
        team_id: BETA.team,
        event_id: 'EvUNINSTALL',
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_uninstalled' },
      }),
    );
    expect(uninstall.body.what).toBe('workspace revoked');
    expect((await repo().get(BETA.team))?.revokedAt).toBeInstanceOf(Date);
    slack.revokeToken(BETA.botToken);

    const betaPostsBefore = slack.callsOf('chat.postMessage').filter((c) => c.token === BETA.botToken).length;
    const r: Any = await reply(req, 'C0BETA', '1700000005.000500', 'Status: all good.');
    expect(r.status).toBeLessThan(500);
    const done = await t.api('GET', `/v1/actions/${r.body.id}`, { token: t.agentToken });
    expect(done.body.status).toBe('failed');
    expect(done.body.last_error).toMatch(/uninstalled from Slack workspace Beta \(T0BETA\)/);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.token === BETA.botToken)).toHaveLength(
      betaPostsBefore,
    );
    // Alpha is untouched.
    const reqA = await askIn(ALPHA, 'C0ALPHA', '1700000006.000600', 'post the status here (alpha, later)');
    const a: Any = await reply(reqA, 'C0ALPHA', '1700000006.000600', 'Alpha: all good.');
    expect(a.body.status).toBe('published');

    // tokens_revoked for user tokens only changes nothing; a re-install clears the revocation.
    const users = await sendSigned(
      t.url,
      JSON.stringify({
        type: 'event_callback',
        team_id: ALPHA.team,
        event_id: 'EvUSERTOKENS',
        event: { type: 'tokens_revoked', tokens: { oauth: ['U0AMY'], bot: [] } },
      }),
    );
    expect(users.body.what).toBe('no bot token revoked');
    expect((await repo().get(ALPHA.team))?.revokedAt).toBeNull();
    expect((await install({ ...BETA, botToken: 'xoxb-beta-2' })).status).toBe(200);
    expect((await repo().get(BETA.team))?.revokedAt).toBeNull();
  });
});
