// The weekly digest on the platform adapters, end to end: a real Airlock with Slack and Discord turned
// on (fake Web API and fake Discord REST) and AIRLOCK_DIGEST_TARGETS naming a channel on each. The
// schedule posts the period once on every target (Block Kit on Slack, an embed on Discord); a target
// whose platform failed is posted again on a later run, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAirlock, type TestAirlock } from '../helpers/airlock.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { manualClock } from '../helpers/clock.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack.ts';
import { testKeys } from './discord/signing.ts';

const APP = '700000000000000042';
const DIGEST_CHANNEL = '600000000000000077';
let slack: FakeSlack;
let discord: FakeDiscord;
let t: TestAirlock;
const clock = manualClock(new Date('2026-11-02T07:00:00Z')); // Monday 08:00 in Paris

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ applicationId: APP });
  t = await startTestAirlock(
    { classifier: markerClassifier(), clock },
    {
      AIRLOCK_DEMO: 'false',
      AIRLOCK_TIME_ZONE: 'Europe/Paris',
      AIRLOCK_DIGEST_DAY: 'mon',
      AIRLOCK_DIGEST_HOUR: '9',
      AIRLOCK_DIGEST_TARGETS: `slack:C0REVIEW,discord:${DIGEST_CHANNEL}`,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_PUBLIC_KEY: testKeys().publicKeyHex,
      DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
      DISCORD_API_URL: discord.url,
    },
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  expect(slack.specViolations).toEqual([]);
  expect(discord.specProblems).toEqual([]);
  await slack.close();
  await discord.close();
});

// The background schedule also runs (from listen()), so assertions count what the platforms received,
// not which scheduler won a period.
const slackDigests = (periodEnd: string) =>
  slack
    .callsOf('chat.postMessage')
    .filter(
      (c) =>
        String(c.args['text']).startsWith('Airlock digest:') && String(c.args['text']).includes(periodEnd),
    );
const discordDigests = () => discord.channel(DIGEST_CHANNEL);

/**
 * Runs the schedule until the platforms show what `done` expects: the background scheduler may hold a
 * period's claim mid-post when this process asks, so one call can legitimately post nothing.
 */
async function settle(done: () => boolean): Promise<void> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    await t.airlock.digest.runDue();
    if (done()) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Then once more, and a moment for anything in flight: nothing further may be posted.
  await new Promise((r) => setTimeout(r, 200));
  await t.airlock.digest.runDue();
}

describe('scheduled digest on Slack and Discord', () => {
  it('posts the due period once on each platform, rendered for it', async () => {
    // At start-up (Monday 08:00 in Paris) the last completed week is due: posted once each.
    await settle(() => slackDigests('– 2026-10-26 09:00').length >= 1 && discordDigests().length >= 1);
    expect(slackDigests('– 2026-10-26 09:00')).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);

    await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: { request_id: null, action: { kind: 'post', channel: 'general', text: '[hold] hello' } },
    });
    clock.set(new Date('2026-11-02T08:00:01Z')); // Monday 09:00:01 in Paris: this week is due
    await settle(() => slackDigests('– 2026-11-02 09:00').length >= 1 && discordDigests().length >= 2);
    const week = slackDigests('– 2026-11-02 09:00');
    expect(week).toHaveLength(1);
    expect(week[0]?.args['channel']).toBe('C0REVIEW');
    expect(String(week[0]?.args['text'])).toContain('1 held');
    const blocks = JSON.stringify(week[0]?.args['blocks']);
    expect(blocks).toContain('"header"');

    expect(discordDigests()).toHaveLength(2);
    const d = discordDigests()[1]!;
    expect(d.embeds.length).toBeGreaterThan(0);
    expect(JSON.stringify(d.embeds)).toMatch(/held/i);

    // The same period is never posted twice.
    expect(await t.airlock.digest.runDue()).toEqual([]);
    expect(slackDigests('– 2026-11-02 09:00')).toHaveLength(1);
    expect(discordDigests()).toHaveLength(2);
  });

  it('a platform that failed is posted again on a later run, once; the others are not repeated', async () => {
    slack.failNext('chat.postMessage', { kind: 'status', status: 500 });
    clock.set(new Date('2026-11-09T08:00:01Z')); // the next Monday
    await settle(() => slackDigests('– 2026-11-09 09:00').length >= 1 && discordDigests().length >= 3);
    expect(
      slack.callsOf('chat.postMessage').some((c) => String(c.args['text']).includes('– 2026-11-09')),
    ).toBe(true); // tried, and Slack answered 500
    expect(slackDigests('– 2026-11-09 09:00')).toHaveLength(2 - 1); // the failed try is the only call
    expect(discordDigests()).toHaveLength(3);

    // Slack is back; after the retry pause the failed period is posted, and only that one.
    clock.set(new Date('2026-11-09T08:10:00Z'));
    await settle(() => slackDigests('– 2026-11-09 09:00').length >= 2);
    expect(slackDigests('– 2026-11-09 09:00')).toHaveLength(2);
    expect(discordDigests()).toHaveLength(3);
    expect(await t.airlock.digest.runDue()).toEqual([]);
    expect(slackDigests('– 2026-11-09 09:00')).toHaveLength(2);
  });
});
