import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../src/config.ts';

const read = (env: Record<string, string>) => readConfig(env, '/nonexistent-config-dir');
const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'signing-secret-123' };

describe('Slack settings', () => {
  it('leave Slack off when unset', () => {
    expect(read({}).slack).toBeNull();
  });

  it('turn Slack on with a bot token and a signing secret; the API base defaults to slack.com', () => {
    expect(read({ ...slack, SLACK_REVIEW_CHANNEL: 'C0REVIEW' }).slack).toEqual({
      botToken: 'xoxb-1-2-3',
      oauth: null,
      signingSecret: 'signing-secret-123',
      appToken: null,
      reviewChannel: 'C0REVIEW',
      reviewChannels: {},
      apiUrl: 'https://slack.com/api/',
    });
    expect(read(slack).slack?.reviewChannel).toBeNull();
  });

  it('name the setting to fix', () => {
    expect(() => read({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^SLACK_SIGNING_SECRET: required/);
    expect(() => read({ SLACK_SIGNING_SECRET: 'signing-secret-123' })).toThrow(/^SLACK_BOT_TOKEN: required/);
    expect(() => read({ ...slack, SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(
      /^SLACK_BOT_TOKEN: must be a bot token/,
    );
    expect(() => read({ ...slack, SLACK_REVIEW_CHANNEL: '#reviews' })).toThrow(
      /^SLACK_REVIEW_CHANNEL: must be a channel id/,
    );
    expect(() => read({ ...slack, SLACK_REVIEW_CHANNELS: 'C1=reviews' })).toThrow(/^SLACK_REVIEW_CHANNELS:/);
    expect(() => read({ ...slack, SLACK_APP_TOKEN: 'xoxb-1' })).toThrow(
      /^SLACK_APP_TOKEN: must be an app-level/,
    );
    expect(() => read({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /^SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN/,
    );
    expect(() => read({ ...slack, SLACK_API_URL: 'nope' })).toThrow(ConfigError);
  });

  it('read per-source-channel review channels', () => {
    expect(
      read({ ...slack, SLACK_REVIEW_CHANNELS: 'C0INFRA=C0OPS, C0SALES=G0DEALS' }).slack?.reviewChannels,
    ).toEqual({
      C0INFRA: 'C0OPS',
      C0SALES: 'G0DEALS',
    });
  });
});

describe('Slack Socket Mode settings', () => {
  it('turn Slack on with a bot token and an app token, no signing secret needed', () => {
    const c = read({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-1-abc' }).slack;
    expect(c).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1-A-1-abc', signingSecret: null });
  });
});

describe('Slack several-workspace settings ("Add to Slack")', () => {
  const KEY_HEX = 'ab'.repeat(32);
  const oauth = {
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'client-secret-0123',
    SLACK_SIGNING_SECRET: 'signing-secret-123',
    AIRLOCK_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  it('turn on several workspaces with the client id and secret, the signing secret and the key', () => {
    const c = read(oauth).slack;
    expect(c).toMatchObject({ botToken: null, signingSecret: 'signing-secret-123' });
    expect(c?.oauth).toEqual({
      clientId: '1111.2222',
      clientSecret: 'client-secret-0123',
      encryptionKey: Buffer.alloc(32, 7),
    });
    expect(read({ ...oauth, AIRLOCK_ENCRYPTION_KEY: KEY_HEX }).slack?.oauth?.encryptionKey).toEqual(
      Buffer.from(KEY_HEX, 'hex'),
    );
    // URL-safe base64 is accepted too.
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(read({ ...oauth, AIRLOCK_ENCRYPTION_KEY: urlSafe }).slack?.oauth?.encryptionKey).toEqual(
      Buffer.alloc(32, 0xfb),
    );
  });

  it('name the setting to fix, never echoing the key', () => {
    const { AIRLOCK_ENCRYPTION_KEY: _, ...noKey } = oauth;
    expect(() => read(noKey)).toThrow(/^AIRLOCK_ENCRYPTION_KEY: required when SLACK_CLIENT_ID is set/);
    for (const bad of ['too-short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64'), `${KEY_HEX}00`]) {
      let message = '';
      try {
        read({ ...oauth, AIRLOCK_ENCRYPTION_KEY: bad });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^AIRLOCK_ENCRYPTION_KEY: must be 32 random bytes/);
      expect(message).not.toContain(bad);
    }
    expect(() => read({ ...oauth, SLACK_CLIENT_SECRET: '' })).toThrow(
      /^SLACK_CLIENT_SECRET: required when SLACK_CLIENT_ID/,
    );
    const { SLACK_CLIENT_ID: __, ...noId } = oauth;
    expect(() => read(noId)).toThrow(/^SLACK_CLIENT_ID: required when SLACK_CLIENT_SECRET/);
    expect(() => read({ ...oauth, SLACK_CLIENT_ID: 'abc' })).toThrow(/^SLACK_CLIENT_ID: must be/);
    expect(() => read({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^SLACK_BOT_TOKEN: set either/);
    const { SLACK_SIGNING_SECRET: ___, ...noSecret } = oauth;
    expect(() => read(noSecret)).toThrow(/^SLACK_SIGNING_SECRET: required when SLACK_CLIENT_ID/);
  });

  it('leave one-workspace mode as it was', () => {
    expect(read(slack).slack?.oauth).toBeNull();
    expect(read({ ...slack, AIRLOCK_ENCRYPTION_KEY: KEY_HEX }).slack?.oauth).toBeNull();
  });
});
