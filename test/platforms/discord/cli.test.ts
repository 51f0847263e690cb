// `airlock discord register` as a real process against the fake Discord; settings errors name the setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord.ts';
import { runCli } from '../../helpers/cli.ts';
import { testKeys } from './signing.ts';

const APP = '700000000000000001';
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ applicationId: APP });
});
afterAll(() => fake.close());

const env = () => ({
  AIRLOCK_CONFIG: '',
  DISCORD_APPLICATION_ID: APP,
  DISCORD_PUBLIC_KEY: testKeys().publicKeyHex,
  DISCORD_BOT_TOKEN: 'test-bot-token-0123456789',
  DISCORD_API_URL: fake.url,
});

describe('airlock discord register', () => {
  it('registers /airlock in a guild', async () => {
    const r = await runCli(['discord', 'register', '--guild', '300000000000000001'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('registered /airlock in server 300000000000000001');
    expect(fake.callsTo('PUT /applications/')[0]?.path).toBe(
      `/applications/${APP}/guilds/300000000000000001/commands`,
    );
    expect(fake.specProblems).toEqual([]);
  });

  it('names the missing setting', async () => {
    const { DISCORD_BOT_TOKEN: _drop, ...partial } = env();
    const r = await runCli(['discord', 'register'], { env: partial });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/DISCORD_BOT_TOKEN/);
  });
});
