// Pipeline benchmark: a real Airlock server (separate process) on PostgreSQL, loaded over HTTP from this
// process by closed-loop clients (1 and 16 by default). Prints actions/s, p50/p99 latency, the server's
// RSS and CPU per action, and the database work per action (commits, inserts, updates from
// pg_stat_database), next to references measured in the same run (bench/references.ts), as ratios.
// Then counts rows to check that no acknowledged action was lost.
//   BENCH_SECONDS (default 10) per run; BENCH_CLIENTS (default 1,16); BENCH_REFERENCES=0 skips the
//   references; BENCH_SERVER_ARGS adds node flags to the server (e.g. --cpu-prof --cpu-prof-dir=/tmp/p).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LoadFigures, round2, runLoad } from './load.ts';
import { fastifyConstant, pgTwoInsert } from './references.ts';

const BIN = fileURLToPath(new URL('../bin/airlock.mjs', import.meta.url));
const BASE_URL =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function waitReady(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

const BODIES = [
  { kind: 'post', channel: 'general', text: 'The 14:00 deploy finished; no action needed.' },
  { kind: 'post', channel: 'general', text: 'Deploy finished. Release notes are in the usual place.' },
  { kind: 'dm', recipient: 'U-bench-sam', text: 'Done: the deploy finished at 14:00.' },
  { kind: 'post', channel: 'random', text: 'Deploy finished; also @here please update your clients.' },
];

/** Resident set size and CPU time (ms) of a process, from /proc (Linux); null elsewhere. */
function procStats(pid: number): { rssMb: number; cpuMs: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: rss ? Number(rss[1]) / 1024 : 0, cpuMs: (ticks * 1000) / 100 };
  } catch {
    return null;
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface DbCounters {
  commits: number;
  inserts: number;
  updates: number;
}

async function dbCounters(c: pg.Client, db: string): Promise<DbCounters> {
  await c.query('select pg_stat_clear_snapshot()');
  const r = await c.query<{ commits: string; inserts: string; updates: string }>(
    'select xact_commit as commits, tup_inserted as inserts, tup_updated as updates from pg_stat_database where datname = $1',
    [db],
  );
  const row = r.rows[0];
  return {
    commits: Number(row?.commits ?? 0),
    inserts: Number(row?.inserts ?? 0),
    updates: Number(row?.updates ?? 0),
  };
}

interface PipelineRow extends LoadFigures {
  clients: number;
  rssMb: number | null;
  cpuMsPerAction: number | null;
  perAction: DbCounters;
}

export interface PipelineResults {
  pipeline: PipelineRow[];
  pgRef: Array<LoadFigures & { clients: number }>;
  fastify: LoadFigures | null;
}

export async function runPipelineBench(opts: { seconds?: number } = {}): Promise<PipelineResults | null> {
  const seconds = opts.seconds ?? Number(process.env['BENCH_SECONDS'] ?? 10);
  const clientCounts = (process.env['BENCH_CLIENTS'] ?? '1,16')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const withRefs = process.env['BENCH_REFERENCES'] !== '0';
  const serverArgs = (process.env['BENCH_SERVER_ARGS'] ?? '').split(' ').filter(Boolean);
  const dbName = `airlock_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(
      `pipeline bench skipped: PostgreSQL at ${BASE_URL} is not reachable (${(e as Error).message})`,
    );
    return null;
  }
  await admin.query(`create database ${dbName}`);
  // For counting round trips: every statement of the server's connections goes to the PostgreSQL log.
  if (process.env['BENCH_LOG_STATEMENTS'] === '1') {
    await admin.query(`alter database ${dbName} set log_min_duration_statement = 0`);
  }
  const u = new URL(BASE_URL);
  u.pathname = `/${dbName}`;
  const port = await freePort();
  const integration = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    DATABASE_URL: u.toString(),
    DATABASE_POOL_SIZE: '20',
    PORT: String(port),
    AIRLOCK_DEMO: 'false',
    AIRLOCK_INTEGRATION_TOKEN: integration,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [...serverArgs, BIN, 'start'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const out: PipelineResults = { pipeline: [], pgRef: [], fastify: null };
  const stats = new pg.Client({ connectionString: u.toString() });
  try {
    await waitReady(url, child);
    await stats.connect();
    const agent = spawn(process.execPath, [BIN, 'agents', 'add', 'bench-agent', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let agentOut = '';
    agent.stdout.on('data', (d: Buffer) => (agentOut += d.toString()));
    await new Promise((r) => agent.on('close', r));
    const { token, id: agentId } = JSON.parse(agentOut) as { token: string; id: string };
    const req = await fetch(`${url}/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Post in #general that the 14:00 deploy finished, and DM me when it is done.',
        requester: { id: 'U-bench-sam', name: 'Sam' },
        platform: 'local',
        origin: { channel: 'D-bench', thread: null },
        agent_id: agentId,
      }),
    });
    const requestId = ((await req.json()) as { id: string }).id;
    const load = (clients: number, secs: number) =>
      runLoad({
        port,
        path: '/v1/actions',
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        bodies: BODIES.map((action) => JSON.stringify({ request_id: requestId, action })),
        clients,
        seconds: secs,
      });

    await load(16, 3); // warm-up: JIT, connection pool, caches
    let maxRss = 0;
    for (const clients of clientCounts) {
      await new Promise((r) => setTimeout(r, 1_000)); // let counters flush
      const before = await dbCounters(stats, dbName);
      const cpuBefore = child.pid ? procStats(child.pid) : null;
      let rss = 0;
      const sampler = setInterval(() => {
        const p = child.pid ? procStats(child.pid) : null;
        if (p) rss = Math.max(rss, p.rssMb);
      }, 250);
      const f = await load(clients, seconds);
      clearInterval(sampler);
      const cpuAfter = child.pid ? procStats(child.pid) : null;
      await new Promise((r) => setTimeout(r, 1_200));
      const after = await dbCounters(stats, dbName);
      const n = Math.max(1, f.ok);
      maxRss = Math.max(maxRss, rss);
      out.pipeline.push({
        ...f,
        clients,
        rssMb: cpuAfter ? Math.round(rss) : null,
        cpuMsPerAction: cpuBefore && cpuAfter ? round2((cpuAfter.cpuMs - cpuBefore.cpuMs) / n) : null,
        perAction: {
          commits: round2((after.commits - before.commits) / n),
          inserts: round2((after.inserts - before.inserts) / n),
          updates: round2((after.updates - before.updates) / n),
        },
      });
    }

    // Requests still in flight finish on the server: let them settle, then check nothing acked was lost.
    await new Promise((r) => setTimeout(r, 1_000));
    const rows = await stats.query<{ n: number; s: string }>(
      'select status as s, count(*)::int as n from actions group by status',
    );
    const audit = await stats.query<{ n: number }>('select count(*)::int as n from audit_events');
    const stored = rows.rows.reduce((a, r) => a + r.n, 0);
    const acked = out.pipeline.reduce((a, r) => a + r.ok, 0);
    await stop(child);

    if (withRefs) {
      for (const clients of clientCounts) {
        out.pgRef.push({ clients, ...(await pgTwoInsert(u.toString(), clients, seconds)) });
      }
      out.fastify = await fastifyConstant(await freePort(), 16, Math.min(seconds, 5));
    }

    console.log(
      '\nPipeline (HTTP submit → classify → stage + audit → publish on local, PostgreSQL, server in its own process)',
    );
    console.table(
      out.pipeline.map((r) => ({
        clients: r.clients,
        'actions/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'max ms': r.max,
        'RSS MB': r.rssMb ?? 'n/a',
        'server CPU ms/action': r.cpuMsPerAction ?? 'n/a',
        'commits/action': r.perAction.commits,
        'inserts/action': r.perAction.inserts,
        'updates/action': r.perAction.updates,
        failed: r.failed,
      })),
    );
    if (withRefs) {
      console.log(
        '\nReferences in the same run: one transaction of two inserts per call through pg (as pgbench -f), and Fastify returning a constant',
      );
      console.table([
        ...out.pgRef.map((r) => ({
          reference: `pg 2-insert tx, ${r.clients} client${r.clients === 1 ? '' : 's'}`,
          'per s': Math.round(r.rps),
          'p50 ms': r.p50,
          'p99 ms': r.p99,
        })),
        ...(out.fastify
          ? [
              {
                reference: 'Fastify constant, 16 clients',
                'per s': Math.round(out.fastify.rps),
                'p50 ms': out.fastify.p50,
                'p99 ms': out.fastify.p99,
              },
            ]
          : []),
      ]);
      console.log('\nRatios (pipeline ÷ reference at the same client count)');
      console.table(
        out.pipeline.map((r) => {
          const ref = out.pgRef.find((x) => x.clients === r.clients);
          return {
            clients: r.clients,
            'actions/s ÷ pg tx/s': ref ? round2(r.rps / ref.rps) : 'n/a',
            'p50 ÷ pg p50': ref ? round2(r.p50 / ref.p50) : 'n/a',
            'actions/s ÷ Fastify/s': out.fastify ? round2(r.rps / out.fastify.rps) : 'n/a',
          };
        }),
      );
    }
    console.log(
      `rows after the run: ${stored} actions (${rows.rows.map((r) => `${r.s} ${r.n}`).join(', ')}), ${audit.rows[0]?.n} audit events; acknowledged in measured runs: ${acked} (warm-up rows are included in stored)`,
    );
    const at16 = out.pipeline.find((r) => r.clients === 16);
    const at1 = out.pipeline.find((r) => r.clients === 1);
    const ref16 = out.pgRef.find((r) => r.clients === 16);
    const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
    console.log(
      [
        'targets:',
        `  16 clients ≥ 2,000 actions/s: ${verdict(at16 && at16.rps >= 2000)}`,
        `  16 clients ≥ 75% of pg 2-insert tx/s: ${verdict(at16 && ref16 && at16.rps >= 0.75 * ref16.rps)}`,
        `  16 clients p99 ≤ 25 ms: ${verdict(at16 && at16.p99 <= 25)}`,
        `  1 client p50 ≤ 2 ms: ${verdict(at1 && at1.p50 <= 2)}`,
        `  RSS ≤ 400 MB: ${verdict(out.pipeline.length ? maxRss <= 400 : undefined)}`,
        `  no action lost (stored ≥ acknowledged): ${verdict(stored >= acked)}`,
      ].join('\n'),
    );
  } finally {
    await stop(child);
    await stats.end().catch(() => {});
    if (process.env['BENCH_KEEP_DB'] === '1') console.log(`kept the bench database: ${u.toString()}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await runPipelineBench();
