// Socket Mode: a real Airlock with SLACK_APP_TOKEN and no signing secret opens a WebSocket to the fake
// Slack (apps.connections.open), and events, interactions and slash commands arriving as envelopes go
// through the same use cases as /slack/events: a mention records a request, a held reply gets its
// card, a non-reviewer's click is refused, the reviewer's click publishes once. Acks carry the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { type FakeSlack, type Json, startFakeSlack } from '../../fakes/slack.ts';
import { BOT_TOKEN, BOT_USER } from '../../helpers/slack.ts';

let slack: FakeSlack;
let t: TestAirlock;
const APP_TOKEN = 'xapp-1-A0TEST-1-socketmodetesttoken';
const THREAD = '1700000200.000100';

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const event = (eventId: string, ev: Json): Json => ({
  type: 'event_callback',
  team_id: 'T0TEAM',
  event_id: eventId,
  event_time: Math.floor(Date.now() / 1000),
  authorizations: [{ user_id: BOT_USER, is_bot: true }],
  event: ev,
});

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestAirlock(
    { classifier: markerClassifier() },
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_REVIEW_CHANNEL: 'C0REVIEW',
      SLACK_API_URL: slack.url,
    },
  );
  await until(
    () => slack.sockets(),
    (n) => n > 0,
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  expect(slack.specViolations).toEqual([]);
  await slack.close();
});

describe('Slack Socket Mode', () => {
  it('connects with the app token, and /slack/events is not mounted without a signing secret', async () => {
    expect(slack.sockets()).toBe(1);
    const open = slack.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    const r = await fetch(`${t.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(404);
  });

  it('answers a slash command in the acknowledgement', async () => {
    const ack = await slack.sendEnvelope('slash_commands', {
      command: '/airlock',
      text: 'help',
      user_id: 'U0SAM',
      channel_id: 'C0INFRA',
      trigger_id: 'sm-trig-1',
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack?.['text'])).toContain('/airlock ask AGENT');
  });

  let agentToken = '';
  let actionId = '';
  let card: FakeSlack['messages'][number] | undefined;

  it('a mention becomes a request once, though Slack redelivers the envelope', async () => {
    const agent = await t.airlock.gov.admin.addAgent('sm-bot', { slack: 'U0SMBOT' });
    agentToken = agent.token;
    await t.airlock.gov.admin.addReviewer('rita-sm', ['default'], { slack: 'U0RITA' });
    const body = event('Ev0SOCKET1', {
      type: 'message',
      channel_type: 'channel',
      channel: 'C0INFRA',
      user: 'U0SAM',
      text: '<@U0SMBOT> can you look at why the nightly job failed?',
      ts: THREAD,
    });
    // Events are acknowledged bare (no response payload).
    expect((await slack.sendEnvelope('events_api', body)) ?? {}).toEqual({});
    expect((await slack.sendEnvelope('events_api', body, { retryAttempt: 1 })) ?? {}).toEqual({});
    const reqs = await t.api('GET', '/v1/agent/requests', { token: agentToken });
    const mine = reqs.body.requests.filter((q: Json) => q.text.includes('nightly job failed'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ platform: 'slack', provenance: 'platform', requester: { id: 'U0SAM' } });

    const r = await t.api('POST', '/v1/actions', {
      token: agentToken,
      body: {
        request_id: mine[0].id,
        platform: 'slack',
        action: { kind: 'reply', channel: 'C0INFRA', thread: THREAD, text: '[hold] Re-ran it on prod.' },
      },
    });
    expect(r.body.status).toBe('held');
    actionId = r.body.id;
    card = slack.messages.find(
      (m) => m.channel === 'C0REVIEW' && m.metadata?.['event_payload']?.action_id === actionId,
    );
    expect(card).toBeDefined();
  });

  const click = (user: string): Json => {
    const approve = (card?.blocks ?? []).find((b) => b['type'] === 'actions')?.['elements'][0];
    return {
      type: 'block_actions',
      user: { id: user },
      channel: { id: 'C0REVIEW' },
      message: { ts: card?.ts },
      trigger_id: `sm-${user}-${Date.now()}`,
      actions: [
        {
          action_id: approve.action_id,
          block_id: `airlock_review:${actionId}`,
          value: approve.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
  };
  const posts = () =>
    slack.messages.filter(
      (m) =>
        m.metadata?.['event_type'] === 'airlock_action' &&
        m.metadata?.['event_payload']?.action_id === actionId,
    );

  it("refuses a non-reviewer's click and publishes once on the reviewer's", async () => {
    expect(card).toBeDefined();
    const before = slack.callsOf('chat.postEphemeral').length;
    await slack.sendEnvelope('interactive', click('U0SAM'));
    expect(slack.callsOf('chat.postEphemeral').slice(before)[0]?.args['user']).toBe('U0SAM');
    expect(posts()).toHaveLength(0);

    const approval = click('U0RITA');
    await slack.sendEnvelope('interactive', approval);
    const a = await t.api('GET', `/v1/actions/${actionId}`, { token: agentToken });
    expect(a.body.status).toBe('published');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ channel: 'C0INFRA', thread_ts: THREAD, username: 'sm-bot' });
    // The same click again changes nothing.
    await slack.sendEnvelope('interactive', approval);
    expect(posts()).toHaveLength(1);
  });

  it('reconnects when Slack recycles the connection', async () => {
    const opened = slack.callsOf('apps.connections.open').length;
    slack.recycle();
    await until(
      () => slack.callsOf('apps.connections.open').length,
      (n) => n > opened,
    );
    await until(
      () => slack.sockets(),
      (n) => n === 1,
    );
    const ack = await slack.sendEnvelope('slash_commands', {
      command: '/airlock',
      text: 'help',
      user_id: 'U0SAM',
      channel_id: 'C0INFRA',
      trigger_id: 'sm-trig-2',
    });
    expect(String(ack?.['text'])).toContain('/airlock');
  });
});
