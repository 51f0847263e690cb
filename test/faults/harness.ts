// The fault suite's machinery: real Airlock server processes (`bin/airlock.mjs start`) that the tests
// kill -9 and restart, fresh PostgreSQL databases, agents submitting over HTTP and reviewers approving,
// and the end-of-run check of the store, the fake Slack and the audit chain.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readConfig } from '../../src/config.ts';
import { createAirlock } from '../../src/main.ts';
import { openDb } from '../../src/store/index.ts';
import type { FakeSlack } from '../fakes/slack.ts';
import { AIRLOCK_BIN, REPO_ROOT, runCli } from '../helpers/cli.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack.ts';

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
const CONTEXT = {
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

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
export type Body = any;

export interface Reply {
  status: number;
  body: Body;
  /** The body was JSON. */
  json: boolean;
}

/** One HTTP call; a network failure (server killed, refused) rejects. */
export async function call(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Reply> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : null, json: true };
  } catch {
    return { status: res.status, body: text, json: false };
  }
}

/** What every HTTP answer of a run looked like: counts by status and the bad ones, described. */
export class Answers {
  readonly byStatus = new Map<number, number>();
  /** 5xx other than 503 with a JSON error body naming its code, or anything unreadable. */
  readonly bad: string[] = [];
  networkErrors = 0;

  record(what: string, r: Reply): void {
    this.byStatus.set(r.status, (this.byStatus.get(r.status) ?? 0) + 1);
    if (r.status >= 500) {
      const named =
        r.json && typeof r.body?.error?.code === 'string' && typeof r.body?.error?.message === 'string';
      if (r.status !== 503 || !named)
        this.bad.push(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    } else if (r.status >= 400 && !(r.json && typeof r.body?.error?.code === 'string')) {
      this.bad.push(`${what}: HTTP ${r.status} without a JSON error body: ${String(r.body).slice(0, 200)}`);
    }
  }

  summary(): string {
    const s = [...this.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`);
    return `${s.join(' ')}; network errors ${this.networkErrors}`;
  }
}

export type Intent = 'publish' | 'approve' | 'reject' | 'leave';

export interface Submitted {
  n: number;
  key: string;
  intent: Intent;
  /** Set when an answer was 2xx with an id (acknowledged). */
  id: string | null;
  /** Index (in `urls()`) of the server that acknowledged it. */
  via: number;
  ackStatus: string | null;
  /** A 503 said "nothing was changed" before a retry with the same key replayed a stored action. */
  saidNothingChanged: boolean;
}

/** What a held action's reviewer will do, decided from its key (stable across restarts). */
export function intentFor(n: number, heldRatio: number): Intent {
  const h = createHash('sha256').update(String(n)).digest();
  const x = (h[0]! * 256 + h[1]!) / 65_536;
  if (x >= heldRatio) return 'publish';
  const y = h[2]! / 256;
  return y < 0.8 ? 'approve' : y < 0.9 ? 'reject' : 'leave';
}

export interface LoadOptions {
  /** Base URLs of the servers; client i talks to urls()[i % n]. Called on each attempt (restarts). */
  urls: () => string[];
  ids: Identities;
  clients: number;
  /** Share of actions that are held (posted to #random instead of #deploys). */
  heldRatio: number;
  answers: Answers;
  prefix?: string;
  /** Pause between two submissions of one client (ms). */
  pauseMs?: number;
}

/**
 * Agents submitting actions: each logical action has an Idempotency-Key and is retried with the same key
 * and body until it is acknowledged (2xx), as a careful agent would after a dropped connection or a 503.
 */
export class AgentLoad {
  readonly submitted: Submitted[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];
  private n = 0;
  readonly prefix: string;

  constructor(private readonly o: LoadOptions) {
    this.prefix = o.prefix ?? randomBytes(3).toString('hex');
  }

  start(): void {
    for (let c = 0; c < this.o.clients; c++) this.loops.push(this.loop(c));
  }

  /** Stops starting new actions and waits until every started one is acknowledged (or `ms` passes). */
  async finish(ms = 120_000): Promise<void> {
    this.stopping = true;
    const all = Promise.all(this.loops);
    await Promise.race([all, sleep(ms)]);
  }

  acked(): Submitted[] {
    return this.submitted.filter((s) => s.id !== null);
  }

  private async loop(c: number): Promise<void> {
    while (!this.stopping) {
      const n = this.n++;
      const intent = intentFor(n, this.o.heldRatio);
      const s: Submitted = {
        n,
        key: `${this.prefix}-${n}`,
        intent,
        id: null,
        via: -1,
        ackStatus: null,
        saidNothingChanged: false,
      };
      this.submitted.push(s);
      await this.submit(c, s);
      if (this.o.pauseMs) await sleep(this.o.pauseMs);
    }
  }

  private async submit(c: number, s: Submitted): Promise<void> {
    const token = this.o.ids.agentTokens[c % this.o.ids.agentTokens.length]!;
    const i = s.n % DEPLOY_CHANNELS.length;
    const body = {
      request_id: this.o.ids.requestIds[i],
      platform: 'slack',
      action: {
        kind: 'post',
        channel: s.intent === 'publish' ? DEPLOY_CHANNELS[i]!.id : RANDOM.id,
        text: `The 14:00 deploy finished (${s.key}).`,
      },
      context: CONTEXT,
    };
    let saw503NothingChanged = false;
    for (let attempt = 0; attempt < 2_000; attempt++) {
      const urls = this.o.urls();
      const at = (c + attempt) % urls.length;
      const url = urls[at]!;
      let r: Reply;
      try {
        r = await call(url, 'POST', '/v1/actions', token, body, { 'idempotency-key': s.key });
      } catch {
        this.o.answers.networkErrors++;
        await sleep(50 + Math.random() * 100);
        continue;
      }
      this.o.answers.record(`POST /v1/actions (${s.key})`, r);
      if (r.status >= 200 && r.status < 300 && typeof r.body?.id === 'string') {
        s.id = r.body.id;
        s.via = at;
        s.ackStatus = r.body.status;
        // A replay (200) after a 503 that said nothing was changed: the 503 was wrong.
        if (r.status === 200 && saw503NothingChanged) s.saidNothingChanged = true;
        return;
      }
      if (r.status === 503 && /nothing was changed/.test(String(r.body?.error?.message)))
        saw503NothingChanged = true;
      if (r.status >= 400 && r.status < 500 && r.status !== 429) {
        this.o.answers.bad.push(`POST /v1/actions (${s.key}): refused ${r.status} ${JSON.stringify(r.body)}`);
        return;
      }
      await sleep(100 + Math.random() * 100);
    }
  }
}

/**
 * Reviewers: list held actions through one server and decide each by the intent its key encodes
 * (approve, reject, or leave held). Approvals go through `urls()[(i + offset) % n]`, so with several
 * processes a reviewer approves through another process than the agent used.
 */
export class ReviewerLoad {
  readonly approvedAcks = new Set<string>();
  readonly rejectedAcks = new Set<string>();
  /** Answers to approvals of an action already decided (409), e.g. after a lost reply or a race. */
  conflicts = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly o: {
      urls: () => string[];
      ids: Identities;
      answers: Answers;
      intentOf: (key: string) => Intent | undefined;
      /** Index of the server to approve through (default: the next one after the listing one). */
      approveVia?: (key: string, listedVia: number) => number;
      reviewers?: number;
    },
  ) {}

  start(): void {
    for (let r = 0; r < (this.o.reviewers ?? 1); r++) this.loops.push(this.loop(r));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  /** One pass over what is held now; returns how many actions are left to decide. */
  async pass(r: number): Promise<number> {
    const urls = this.o.urls();
    const token = this.o.ids.reviewerTokens[r % this.o.ids.reviewerTokens.length]!;
    const list = await call(urls[r % urls.length]!, 'GET', '/v1/actions?status=held&limit=200', token);
    this.o.answers.record('GET /v1/actions?status=held', list);
    if (list.status !== 200) return 1;
    let left = 0;
    for (const a of list.body.actions ?? list.body ?? []) {
      const key = /\(([^)]+)\)\.$/.exec(String(a.text))?.[1];
      const intent = key ? this.o.intentOf(key) : undefined;
      if (intent !== 'approve' && intent !== 'reject') continue;
      left++;
      const via = urls[(this.o.approveVia?.(key!, r % urls.length) ?? r + 1) % urls.length]!;
      const verb = intent === 'approve' ? 'approve' : 'reject';
      const res = await call(via, 'POST', `/v1/actions/${a.id}/${verb}`, token, {
        ...(verb === 'approve' ? { content_hash: a.content_hash } : { reason: 'not this one' }),
      });
      this.o.answers.record(`POST /v1/actions/:id/${verb}`, res);
      if (res.status === 200) (verb === 'approve' ? this.approvedAcks : this.rejectedAcks).add(a.id);
      else if (res.status === 409) this.conflicts++;
    }
    return left;
  }

  private async loop(r: number): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pass(r);
      } catch {
        this.o.answers.networkErrors++;
      }
      await sleep(150 + Math.random() * 150);
    }
  }

  /** Passes until nothing to approve or reject is held (or `ms` passes). */
  async drain(ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      try {
        if ((await this.pass(0)) === 0) return;
      } catch {
        this.o.answers.networkErrors++;
      }
      await sleep(200);
    }
  }
}

export interface StoredAction {
  id: string;
  status: string;
  decision: string;
  idempotencyKey: string | null;
  text: string;
}

export interface Outcome {
  actions: StoredAction[];
  approvedEvents: Map<string, number>;
  publishedEvents: Map<string, number>;
  approveReviews: Map<string, number>;
  /** Problems found; empty when the run kept every promise. */
  problems: string[];
  doubleDeliveries: number;
  byStatus: Record<string, number>;
}

const count = (rows: Record<string, unknown>[], key = 'action_id') => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(String(r[key]), Number(r['n']));
  return m;
};

/** Reads the store directly (every server stopped, or PostgreSQL). */
export async function readOutcome(database: {
  url?: string;
  dataDir: string;
}): Promise<Omit<Outcome, 'problems' | 'doubleDeliveries'>> {
  const db = await openDb({ url: database.url, dataDir: database.dataDir, poolSize: 2 });
  try {
    const actions = (
      await db.rawQuery('select id, status, decision, idempotency_key, text from actions order by created_at')
    ).map((r) => ({
      id: String(r['id']),
      status: String(r['status']),
      decision: String(r['decision']),
      idempotencyKey: r['idempotency_key'] === null ? null : String(r['idempotency_key']),
      text: String(r['text']),
    }));
    const events = (type: string) =>
      db.rawQuery(
        'select action_id, count(*)::int as n from audit_events where type = $1 group by action_id',
        [type],
      );
    const approvedEvents = count(await events('action.approved'));
    const publishedEvents = count(await events('action.published'));
    const approveReviews = count(
      await db.rawQuery(
        "select action_id, count(*)::int as n from reviews where verdict = 'approve' group by action_id",
      ),
    );
    const byStatus: Record<string, number> = {};
    for (const a of actions) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    return { actions, approvedEvents, publishedEvents, approveReviews, byStatus };
  } finally {
    await db.close();
  }
}

/** Waits until nothing is `publishing` or `approved` (the worker has finished), or `ms` passes. */
export async function waitSettled(
  database: { url?: string; dataDir: string },
  url: string,
  reviewerToken: string,
  ms: number,
): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const [a, b] = await Promise.all([
        call(url, 'GET', '/v1/actions?status=publishing&limit=1', reviewerToken),
        call(url, 'GET', '/v1/actions?status=approved&limit=1', reviewerToken),
      ]);
      const n = (r: Reply) =>
        Array.isArray(r.body?.actions) ? r.body.actions.length : Array.isArray(r.body) ? r.body.length : 1;
      if (a.status === 200 && b.status === 200 && n(a) === 0 && n(b) === 0) return true;
    } catch {
      // the server may be restarting
    }
    await sleep(250);
  }
  void database;
  return false;
}

/**
 * The promises of a run, checked against the store and the fake Slack:
 * - every acknowledged action is stored, under its key, once;
 * - every action decided `publish`, and every approved one, is `published`, has one `action.published`
 *   event, and was posted to Slack exactly once; nothing else was posted;
 * - nothing held was published (or posted) without an approval; held actions the reviewer left are held,
 *   rejected ones rejected;
 * - nothing is stuck (`publishing`, `approved`, `received`) or `failed`;
 * - no 5xx without a JSON error body, no 500 at all.
 */
export async function checkOutcome(opts: {
  database: { url?: string; dataDir: string };
  slack: FakeSlack;
  load: AgentLoad;
  answers: Answers;
  reviewers?: ReviewerLoad;
}): Promise<Outcome> {
  const o = await readOutcome(opts.database);
  const problems: string[] = [];
  const byKey = new Map<string, StoredAction>();
  for (const a of o.actions) if (a.idempotencyKey) byKey.set(a.idempotencyKey, a);
  const byId = new Map(o.actions.map((a) => [a.id, a]));
  for (const s of opts.load.acked()) {
    const a = byId.get(s.id!);
    if (!a) problems.push(`acknowledged action ${s.id} (${s.key}) is not in the store`);
    else if (a.idempotencyKey !== s.key)
      problems.push(`action ${s.id} is stored under key ${a.idempotencyKey}, not ${s.key}`);
    if (s.saidNothingChanged)
      problems.push(`${s.key}: a 503 said "nothing was changed", but the action ${s.id} had been stored`);
  }
  const unacked = opts.load.submitted.filter((s) => s.id === null);
  for (const s of unacked) problems.push(`${s.key} was never acknowledged`);
  const posts = opts.slack.postCounts();
  let doubleDeliveries = 0;
  for (const [id, n] of posts) {
    if (n > 1) {
      doubleDeliveries++;
      problems.push(`action ${id} was posted to Slack ${n} times`);
    }
    if (!byId.has(id)) problems.push(`Slack has a post for unknown action ${id}`);
  }
  const intentOf = new Map(opts.load.submitted.map((s) => [s.key, s.intent]));
  for (const a of o.actions) {
    const intent = a.idempotencyKey ? intentOf.get(a.idempotencyKey) : undefined;
    const approved = (o.approvedEvents.get(a.id) ?? 0) > 0;
    const shouldPublish = a.decision === 'publish' || approved;
    const posted = posts.get(a.id) ?? 0;
    const publishedEvents = o.publishedEvents.get(a.id) ?? 0;
    if (['publishing', 'approved', 'received'].includes(a.status))
      problems.push(`action ${a.id} is stuck in ${a.status}`);
    if (a.status === 'failed') problems.push(`action ${a.id} failed`);
    if (shouldPublish) {
      if (a.status !== 'published')
        problems.push(`action ${a.id} (${a.decision}, approved ${approved}) is ${a.status}, not published`);
      if (posted !== 1) problems.push(`action ${a.id} should be on Slack once, is there ${posted} times`);
      if (publishedEvents !== 1)
        problems.push(`action ${a.id} has ${publishedEvents} action.published events`);
    } else {
      if (a.status === 'published' || posted > 0 || publishedEvents > 0)
        problems.push(`held action ${a.id} was published (${a.status}, ${posted} posts) without an approval`);
    }
    if (a.decision === 'hold' && (o.approvedEvents.get(a.id) ?? 0) > 1)
      problems.push(`action ${a.id} was approved ${o.approvedEvents.get(a.id)} times`);
    if (a.decision === 'hold' && (o.approveReviews.get(a.id) ?? 0) > 1)
      problems.push(`action ${a.id} has ${o.approveReviews.get(a.id)} approving reviews (count needed: 1)`);
    if (intent === 'publish' && a.decision !== 'publish')
      problems.push(`in-scope action ${a.id} was ${a.decision}`);
    if (intent && intent !== 'publish' && a.decision !== 'hold')
      problems.push(`out-of-scope action ${a.id} was ${a.decision}`);
    if (opts.reviewers) {
      if (intent === 'leave' && a.status !== 'held')
        problems.push(`action ${a.id} nobody decided is ${a.status}`);
      if (intent === 'reject' && a.status !== 'rejected')
        problems.push(`action ${a.id} to reject is ${a.status}`);
      if (intent === 'approve' && a.status !== 'published')
        problems.push(`action ${a.id} to approve is ${a.status}`);
      if (approved && intent !== 'approve') problems.push(`action ${a.id} (${intent}) was approved`);
    }
  }
  for (const s of opts.answers.bad) problems.push(s);
  return { ...o, problems, doubleDeliveries };
}

/** `airlock audit verify` through the CLI against the run's database. */
export async function auditVerify(database: {
  url?: string;
  dataDir: string;
}): Promise<{ code: number | null; out: string }> {
  const r = await runCli(['audit', 'verify'], {
    env: {
      AIRLOCK_DATA_DIR: database.dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      LOG_LEVEL: 'warn',
    },
    timeoutMs: 120_000,
  });
  return { code: r.code, out: (r.stdout + r.stderr).trim() };
}

/** A line for the report: what a run did. */
export function reportLine(name: string, figures: Record<string, unknown>): void {
  log(`${name}: ${JSON.stringify(figures)}`);
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

/** Submits one action as agent 0 answering request `i` (in scope) or to #random (held). */
export function submitOne(
  url: string,
  ids: Identities,
  text: string,
  opts: { held?: boolean; i?: number; key?: string } = {},
) {
  const i = opts.i ?? 0;
  return call(
    url,
    'POST',
    '/v1/actions',
    ids.agentTokens[0]!,
    {
      request_id: ids.requestIds[i],
      platform: 'slack',
      action: { kind: 'post', channel: opts.held ? RANDOM.id : DEPLOY_CHANNELS[i]!.id, text },
      context: CONTEXT,
    },
    opts.key ? { 'idempotency-key': opts.key } : {},
  );
}
