// `npm run test:fuzz`: the fuzz samples `.ci/run` runs (on PGlite and on PostgreSQL): 5,000 generated
// inputs against every /v1 route and MCP tool (FUZZ_COUNT; `npm run fuzz` is the 100,000-input run), and
// each platform webhook (/slack/events, /discord/interactions, /forum/webhooks; *_FUZZ_RUNS). Not part
// of `npm test`, which stays a few minutes long.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.fuzz.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 2 * 60_000,
    pool: 'forks',
  },
});
