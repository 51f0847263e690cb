// Server processes for the fault suite: fresh PostgreSQL databases, the environment every server gets,
// the identities the load uses, and `airlock start` as a child process the tests kill -9 and restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readConfig } from '../../../src/config.ts';
import { createAirlock } from '../../../src/main.ts';
import type { FakeSlack } from '../../fakes/slack.ts';
import { AIRLOCK_BIN, REPO_ROOT } from '../../helpers/cli.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../../helpers/slack.ts';

/** The PostgreSQL server the suite creates its databases on (never restarted by the suite). */
export const FAULTS_PG = process.env['FAULTS_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const log = (msg: string) =>
  process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PgDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on `base`'s server, dropped (with force) by `drop()`. */
export async function createPgDatabase(base = FAULTS_PG): Promise<PgDatabase> {
  const name = `airlock_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function postgresReachable(base = FAULTS_PG): Promise<boolean> {
  const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** The environment of every server process of the suite: Slack at the fake, a short lease, fast worker. */
export function serverEnv(opts: {
  database: { url?: string; dataDir: string };
  slack: FakeSlack;
  leaseMs?: number;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    AIRLOCK_DEMO: 'false',
    AIRLOCK_DATA_DIR: opts.database.dataDir,
    ...(opts.database.url ? { DATABASE_URL: opts.database.url } : {}),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_REVIEW_CHANNEL: 'C0REVIEW',
    SLACK_API_URL: opts.slack.url,
    AIRLOCK_PUBLISH_LEASE_MS: String(opts.leaseMs ?? 3_000),
    AIRLOCK_PUBLISH_BACKOFF_MS: '200',
    AIRLOCK_PUBLISH_MAX_ATTEMPTS: '100',
    AIRLOCK_WORKER_INTERVAL_MS: '100',
    AIRLOCK_TOKEN_CACHE_MS: '60000',
    // No digest posts in the middle of the counts.
    AIRLOCK_DIGEST_TARGETS: 'none',
    ...opts.extra,
  };
}

export interface Identities {
  agentTokens: string[];
  /** Reviewers rita and sol, both in group default. */
  reviewerTokens: string[];
  /** One human request per deploy channel: "post … in the <name> channel". */
  requestIds: string[];
}

/** In-scope posts go to the channel their request names; held ones to #random, which nobody asked for. */
export const DEPLOY_CHANNELS = [
  { id: 'C0DEPLOYEU', name: 'deploys-eu' },
  { id: 'C0DEPLOYUS', name: 'deploys-us' },
  { id: 'C0DEPLOYAP', name: 'deploys-ap' },
] as const;
export const RANDOM = { id: 'C0RANDOM', name: 'random' } as const;
export const CONTEXT = {
  channels: [...DEPLOY_CHANNELS, RANDOM].map((c) => ({ ...c, members: 12, private: false, external: false })),
};

/**
 * Agents, reviewers and the human request the load answers, written through the governance in this
 * process before any server starts (the CLI would take a process start per identity).
 */
export async function seedIdentities(env: Record<string, string>, agents = 2): Promise<Identities> {
  const config = readConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' }, '/nonexistent-config-dir');
  const airlock = await createAirlock(config);
  try {
    const agentTokens: string[] = [];
    for (let i = 0; i < agents; i++)
      agentTokens.push((await airlock.gov.admin.addAgent(`loadbot-${i}`)).token);
    const reviewerTokens = [
      (await airlock.gov.admin.addReviewer('rita', ['default'])).token,
      (await airlock.gov.admin.addReviewer('sol', ['default'])).token,
    ];
    const requestIds: string[] = [];
    for (const c of DEPLOY_CHANNELS) {
      const request = await airlock.gov.reviews.recordRequest(
        {
          text: `Please post a short note in the ${c.name} channel that the 14:00 deploy finished.`,
          requester: { id: 'U0SAM', name: 'Sam' },
          platform: 'slack',
          origin: { channel: 'D0SAM', thread: null },
          agent_id: null,
        },
        { kind: 'integration' },
      );
      requestIds.push(request.id);
    }
    return { agentTokens, reviewerTokens, requestIds };
  } finally {
    await airlock.close();
  }
}

export interface ServerProc {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Last lines of its stdout and stderr (for failure messages). */
  tail(): string;
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

let logDir: string | null = null;
/** Where server logs go: one file per process start (kept for a failed run). */
export function logDirectory(): string {
  logDir ??= mkdtempSync(join(tmpdir(), 'airlock-faults-logs-'));
  return logDir;
}

let started = 0;
/** Starts `airlock start` as a child process on `port` and waits until /readyz answers 200. */
export async function startServer(
  env: Record<string, string>,
  port: number,
  opts: { readyTimeoutMs?: number; label?: string } = {},
): Promise<ServerProc> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  if (!env['DATABASE_URL']) delete full['DATABASE_URL'];
  // Tests in this process may set NODE_ENV=test; the server runs as it would in production.
  delete full['NODE_ENV'];
  delete full['VITEST'];
  const child = spawn(process.execPath, [AIRLOCK_BIN, 'start'], {
    cwd: REPO_ROOT,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file: WriteStream = createWriteStream(
    join(
      logDirectory(),
      `${(opts.label ?? 'server').replace(/[^A-Za-z0-9_-]+/g, '_')}-${++started}-${port}.log`,
    ),
  );
  let tail = '';
  const keep = (d: Buffer) => {
    file.write(d);
    tail = (tail + d.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      file.end();
      resolve(signal ? null : code);
    }),
  );
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProc = {
    url,
    port,
    pid: child.pid ?? -1,
    child,
    exited,
    tail: () => tail,
    kill9: async () => {
      if (!dead) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (dead) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (dead) throw new Error(`airlock start exited before it was ready:\n${tail}`);
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (r.status === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.kill9();
      throw new Error(`airlock start was not ready within ${opts.readyTimeoutMs ?? 60_000} ms:\n${tail}`);
    }
    await sleep(50);
  }
}

/** A fresh database for a test file: PostgreSQL when reachable, else PGlite in a temporary directory. */
export async function freshDatabase(): Promise<{
  url?: string;
  dataDir: string;
  kind: string;
  drop(): Promise<void>;
}> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'airlock-faults-')), 'data');
  if (await postgresReachable()) {
    const db = await createPgDatabase();
    return { url: db.url, dataDir, kind: 'postgres', drop: db.drop };
  }
  return { dataDir, kind: 'pglite', drop: async () => {} };
}

/** Polls `fn` until `ok` or `ms` passes; returns the last value. */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
  every = 100,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await sleep(every);
  }
}
