// The end of a fault run: what the store, the fake Slack and the audit chain say, against what the agents
// and reviewers were told.
import { openDb } from '../../../src/store/index.ts';
import type { FakeSlack } from '../../fakes/slack.ts';
import { runCli } from '../../helpers/cli.ts';
import { type AgentLoad, type Answers, call, type Reply, type ReviewerLoad } from './load.ts';
import { log, sleep } from './servers.ts';

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
export async function waitSettled(url: string, reviewerToken: string, ms: number): Promise<boolean> {
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
