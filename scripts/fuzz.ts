// `npm run fuzz`: FUZZ_COUNT generated inputs (default 100,000) against every HTTP and MCP endpoint.
// FUZZ_SEED replays a run. Exit 1 on any failure (5xx, crash, state change by a refused input, publish).
import { runFuzz } from '../test/fuzz/harness.ts';

const count = Number(process.env['FUZZ_COUNT'] ?? 100_000);
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined;
const report = await runFuzz({ count, seed, log: (s) => process.stderr.write(`${s}\n`) });
process.stdout.write(`${JSON.stringify({ ...report, failures: report.failures.length }, null, 2)}\n`);
for (const f of report.failures) process.stderr.write(`FAIL ${f}\n`);
process.exit(report.failures.length === 0 ? 0 : 1);
