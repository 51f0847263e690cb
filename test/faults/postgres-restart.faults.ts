// PostgreSQL restarted under load, on a throwaway cluster of its own (initdb + pg_ctl on a free port in a
// temporary directory; the shared server on 5432 is never touched). Agents must get a clear answer
// (2xx, or 503 with a JSON error naming the problem; never a 500), no acknowledged action may be lost,
// the Airlock process must ride it out, and afterwards everything is published exactly once.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../fakes/slack.ts';
import {
  AgentLoad,
  Answers,
  auditVerify,
  checkOutcome,
  freePort,
  log,
  ReviewerLoad,
  reportLine,
  seedIdentities,
  serverEnv,
  sleep,
  startServer,
  waitSettled,
} from './harness.ts';

function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return null;
}

const BIN = findPgBin();
if (!BIN) console.warn('postgres-restart.faults.ts: skipped: no initdb under /usr/lib/postgresql/*/bin');

/** initdb refuses to run as root: run the cluster as the postgres user then. */
const asRoot = process.getuid?.() === 0;
function pgRun(tool: string, args: string[]): string {
  const cmd = join(BIN!, tool);
  return asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: 'pipe' })
    : execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' });
}

interface Cluster {
  url: string;
  port: number;
  dir: string;
  start(): void;
  stop(mode: 'fast' | 'immediate'): void;
}

async function startCluster(): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'airlock-faults-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const dir = join(root, 'data');
  pgRun('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync off: a stopped or crashed server process loses nothing the OS already has; the test is about
  // connections dying, not disks.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off -c max_connections=200`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start: () => {
      pgRun('pg_ctl', ['-D', dir, '-o', opts, '-l', join(root, 'postgres.log'), '-w', '-t', '60', 'start']);
    },
    stop: (mode) => {
      pgRun('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']);
    },
  };
  cluster.start();
  return cluster;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

describe.skipIf(!BIN)('PostgreSQL restarted under load (throwaway cluster)', () => {
  it('agents get clear answers, no acknowledged action is lost, everything publishes once afterwards', async () => {
    const cluster = await startCluster();
    cleanups.push(() => {
      try {
        cluster.stop('immediate');
      } catch {
        // already stopped
      }
    });
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database airlock');
    await admin.end();
    const database = {
      url: cluster.url.replace(/\/postgres$/, '/airlock'),
      dataDir: join(mkdtempSync(join(tmpdir(), 'airlock-faults-')), 'data'),
    };
    const slack = await startFakeSlack({ latencyMs: 10 });
    cleanups.push(() => slack.close());
    const env = serverEnv({ database, slack, leaseMs: 3_000 });
    const ids = await seedIdentities(env);
    const server = await startServer(env, await freePort(), { label: 'pg-restart' });
    cleanups.push(() => server.kill9());
    let exitedEarly = false;
    void server.exited.then(() => {
      exitedEarly = true;
    });
    const answers = new Answers();
    const load = new AgentLoad({ urls: () => [server.url], ids, clients: 4, heldRatio: 0.3, answers });
    const intents = () => new Map(load.submitted.map((s) => [s.key, s.intent]));
    let cache = intents();
    const reviewers = new ReviewerLoad({
      urls: () => [server.url],
      ids,
      answers,
      intentOf: (k) => {
        if (!cache.has(k)) cache = intents();
        return cache.get(k);
      },
    });
    load.start();
    reviewers.start();
    const restarts: Array<{ mode: string; outageMs: number }> = [];
    const plan = [
      { mode: 'fast' as const, outageMs: 0 },
      { mode: 'immediate' as const, outageMs: 2_000 },
      { mode: 'immediate' as const, outageMs: 8_000 },
      { mode: 'fast' as const, outageMs: 4_000 },
    ];
    for (const step of plan) {
      await sleep(3_000);
      const before = load.acked().length;
      cluster.stop(step.mode);
      await sleep(step.outageMs);
      cluster.start();
      restarts.push(step);
      log(`pg-restart: ${step.mode} stop, ${step.outageMs} ms down; ${before} acknowledged before`);
    }
    await sleep(3_000);
    await load.finish(120_000);
    await reviewers.stop();
    await reviewers.drain(60_000);
    const settled = await waitSettled(server.url, ids.reviewerTokens[0]!, 60_000);
    expect(exitedEarly, `the Airlock process died:\n${server.tail()}`).toBe(false);
    await server.stop();
    const outcome = await checkOutcome({ database, slack, load, answers, reviewers });
    const audit = await auditVerify(database);
    const said503 = answers.byStatus.get(503) ?? 0;
    reportLine('pg-restart', {
      restarts: restarts.length,
      acknowledged: load.acked().length,
      byStatus: outcome.byStatus,
      http: answers.summary(),
      doubleDeliveries: outcome.doubleDeliveries,
      repliesLostInCrash: Object.fromEntries(slack.lostReplies),
    });
    expect(settled, 'everything settled after PostgreSQL came back').toBe(true);
    expect(outcome.problems.slice(0, 30)).toEqual([]);
    expect(audit.code, audit.out).toBe(0);
    // The outages were seen by agents, and answered with a named error.
    expect(said503, 'agents met the outage (503 store_unavailable)').toBeGreaterThan(0);
    expect(answers.byStatus.get(500) ?? 0).toBe(0);
    expect(load.acked().length).toBeGreaterThan(20);
  });
});
