// The forum settings: off unless the three required ones are set, one-line errors naming the setting,
// secrets never echoed, the review destination resolved, and a start that never contacts the forum.
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../src/config.ts';
import { startTestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';

const base = {
  DISCOURSE_URL: 'https://forum.example.com/',
  DISCOURSE_API_KEY: 'f'.repeat(64),
  DISCOURSE_WEBHOOK_SECRET: 'a-webhook-secret-of-enough-length',
};
const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'signing-secret-123' };
const discord = {
  DISCORD_APPLICATION_ID: '700000000000000001',
  DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
  DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
};
const read = (env: Record<string, string>) => readConfig(env, '/nonexistent-config-dir');
const errorOf = (env: Record<string, string>) => {
  try {
    read(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('forum settings', () => {
  it('are off by default and on with the three required settings', () => {
    expect(read({}).forum).toBeNull();
    expect(read({ ...base, DISCOURSE_REVIEW_CATEGORY: '12' }).forum).toEqual({
      url: 'https://forum.example.com',
      apiKey: base.DISCOURSE_API_KEY,
      webhookSecret: base.DISCOURSE_WEBHOOK_SECRET,
      username: 'system',
      reviewCategory: 12,
      reviewVia: 'forum',
    });
  });

  it('name the missing or bad setting in one line, without echoing secrets', () => {
    const { DISCOURSE_API_KEY: _k, ...partial } = base;
    for (const [env, prefix] of [
      [partial, 'DISCOURSE_API_KEY: the forum needs'],
      [{ ...base, DISCOURSE_URL: 'forum.example.com' }, 'DISCOURSE_URL: '],
      [{ ...base, DISCOURSE_API_KEY: 'short' }, 'DISCOURSE_API_KEY: '],
      [{ ...base, DISCOURSE_WEBHOOK_SECRET: 'tiny-secret' }, 'DISCOURSE_WEBHOOK_SECRET: '],
      [{ ...base, DISCOURSE_REVIEW_CATEGORY: 'staff' }, 'DISCOURSE_REVIEW_CATEGORY: '],
      [{ ...base, DISCOURSE_USERNAME: 'not a user' }, 'DISCOURSE_USERNAME: '],
      [{ ...base, DISCOURSE_REVIEW_VIA: 'email' }, 'DISCOURSE_REVIEW_VIA: '],
      [{ DISCOURSE_REVIEW_CATEGORY: '12' }, 'DISCOURSE_URL: DISCOURSE_REVIEW_CATEGORY is set'],
      [{ ...base, DISCOURSE_REVIEW_VIA: 'slack' }, 'DISCOURSE_REVIEW_VIA: slack needs'],
    ] as const) {
      const message = errorOf(env);
      expect(message.startsWith(prefix), message).toBe(true);
      expect(message).not.toContain('\n');
    }
    expect(errorOf({ ...base, DISCOURSE_WEBHOOK_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
  });

  it('review forum holds on the Slack review channel, else the Discord one, else in review topics', () => {
    expect(read({ ...base, ...slack, SLACK_REVIEW_CHANNEL: 'C123' }).forum?.reviewVia).toBe('slack');
    expect(read({ ...base, ...slack }).forum?.reviewVia).toBe('forum');
    expect(read({ ...base, ...discord, DISCORD_REVIEW_CHANNEL: '600000000000000001' }).forum?.reviewVia).toBe(
      'discord',
    );
    expect(
      read({
        ...base,
        ...slack,
        SLACK_REVIEW_CHANNEL: 'C123',
        DISCOURSE_REVIEW_VIA: 'forum',
        DISCOURSE_REVIEW_CATEGORY: '3',
      }).forum?.reviewVia,
    ).toBe('forum');
  });

  it('start without reaching the forum, and mount /forum/webhooks', async () => {
    // Port 9 (discard) on localhost: nothing answers there.
    const h = await startTestAirlock(
      { classifier: markerClassifier() },
      { ...base, DISCOURSE_URL: 'http://127.0.0.1:9' },
    );
    try {
      expect(h.airlock.platforms.get('forum')?.name).toBe('forum');
      const res = await fetch(`${h.url}/forum/webhooks`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(401);
    } finally {
      await h.close();
    }
  });
});
