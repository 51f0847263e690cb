import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share a worker process (each still gets its own database and server): loading the
    // sources, the SDKs and the PGlite WebAssembly once per worker instead of once per file roughly halves
    // the suite's CPU time. Two workers even on two cores: much of the suite waits on child processes.
    isolate: false,
    maxWorkers: 2,
  },
});
