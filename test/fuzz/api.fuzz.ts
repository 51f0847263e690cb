// The CI sample of `npm run fuzz` (FUZZ_COUNT, default 5,000 inputs), run by `npm run test:fuzz`: see harness.ts.
import { expect, it } from 'vitest';
import { runFuzz } from './harness.ts';

const count = Number(process.env['FUZZ_COUNT'] ?? 5_000);

it(`${count} generated HTTP and MCP inputs: no 5xx, crash, state change by a refused input, or publish`, async () => {
  const report = await runFuzz({ count, seed: 13 });
  expect(report.failures).toEqual([]);
  expect(report.http + report.mcp).toBeGreaterThanOrEqual(count * 0.95);
}, 600_000);
