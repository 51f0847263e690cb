// CLI start-up times: how long each `airlock` command takes, end to end as a user runs it (a new
// process through bin/airlock.mjs), from the compiled dist/ and from the TypeScript sources through tsx
// (AIRLOCK_FROM_SOURCE=1, what runs when dist/ is missing or older than src/).
//   npm run bench:cli            BENCH_CLI_RUNS=5 (per command and mode)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'airlock.mjs');
const CASE = JSON.stringify({
  id: 'bench-1',
  request: {
    text: 'Please post a short note in #general that the deploy finished.',
    requester: { id: 'U1', name: 'Sam' },
    platform: 'local',
    origin: { channel: 'D1', thread: null },
  },
  agent: { id: 'A1', name: 'helper' },
  action: { kind: 'post', channel: 'general', text: 'The deploy finished.' },
});

interface Row {
  command: string;
  mode: string;
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

function timeRun(args: string[], env: NodeJS.ProcessEnv, input: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function runCliBench(): Promise<Row[]> {
  const runs = Number(process.env['BENCH_CLI_RUNS'] ?? 5);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'airlock-bench-cli-')), 'data');
  const base: NodeJS.ProcessEnv = { ...process.env, AIRLOCK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete base['DATABASE_URL'];
  const commands: Array<{ args: string[]; input?: string }> = [
    { args: ['--help'] },
    { args: ['--version'] },
    { args: ['policy', 'check', 'policy/default.yaml'] },
    { args: ['classify'], input: `${CASE}\n` },
    { args: ['migrate'] },
    { args: ['agents', 'list'] },
  ];
  const modes: Array<[string, NodeJS.ProcessEnv]> = [];
  if (existsSync(join(ROOT, 'dist', 'build.json'))) modes.push(['dist', base]);
  else console.log('(no dist/: run `npm run build` to measure the compiled CLI)');
  modes.push(['tsx (sources)', { ...base, AIRLOCK_FROM_SOURCE: '1' }]);
  // The first `migrate` creates the embedded database; measure only what a user repeats.
  timeRun(['migrate'], base, '');
  const rows: Row[] = [];
  for (const c of commands) {
    for (const [mode, env] of modes) {
      const times = Array.from({ length: runs }, () => timeRun(c.args, env, c.input ?? '')).sort(
        (a, b) => a - b,
      );
      rows.push({
        command: `airlock ${c.args.join(' ')}`,
        mode,
        median_ms: Math.round(times[Math.floor(times.length / 2)]!),
        min_ms: Math.round(times[0]!),
        max_ms: Math.round(times[times.length - 1]!),
      });
    }
  }
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
  console.log(
    `\nCLI start-up (${runs} runs each; node ${process.version}; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  console.table(rows);
  console.log('target: `airlock --help` ≤ 1,000 ms on an idle machine');
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCliBench();
