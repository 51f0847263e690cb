// `npm run test:faults`: the fault suite (kill -9 under load, PostgreSQL restarts, platform faults, a
// throwing classifier, several processes on one database). Not part of `npm test`: it runs real server
// processes for minutes. One file at a time: the machine is small and the files measure throughput.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    globalSetup: ['test/faults/global-setup.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
