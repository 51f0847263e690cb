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
