// The Discord settings: off unless all three are set, errors that name the setting to fix.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/config.ts';

const base = {
  DISCORD_APPLICATION_ID: '700000000000000001',
  DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
  DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
};
const read = (env: Record<string, string>) => readConfig(env, '/nonexistent-config-dir');

describe('Discord settings', () => {
  it('are off by default and on with the three required settings', () => {
    expect(read({}).discord).toBeNull();
    expect(read({ ...base, DISCORD_REVIEW_CHANNEL: '600000000000000001' }).discord).toEqual({
      applicationId: base.DISCORD_APPLICATION_ID,
      publicKey: base.DISCORD_PUBLIC_KEY,
      botToken: base.DISCORD_BOT_TOKEN,
      reviewChannel: '600000000000000001',
      apiUrl: null,
      publishAs: 'webhook',
      gatewayClient: false,
    });
    expect(read({ ...base, DISCORD_GATEWAY: 'true' }).discord?.gatewayClient).toBe(true);
  });

  it('name the missing or bad setting', () => {
    const { DISCORD_BOT_TOKEN: _t, ...partial } = base;
    expect(() => read(partial)).toThrow(/^DISCORD_BOT_TOKEN: Discord needs/);
    expect(() => read({ ...base, DISCORD_PUBLIC_KEY: 'not-hex' })).toThrow(/^DISCORD_PUBLIC_KEY: /);
    expect(() => read({ ...base, DISCORD_REVIEW_CHANNEL: '#reviews' })).toThrow(/^DISCORD_REVIEW_CHANNEL: /);
    expect(() => read({ ...base, DISCORD_PUBLISH_AS: 'carrier-pigeon' })).toThrow(/^DISCORD_PUBLISH_AS: /);
    expect(() => read({ ...base, DISCORD_GATEWAY: 'yes' })).toThrow(
      /^DISCORD_GATEWAY: must be true or false/,
    );
  });
});
