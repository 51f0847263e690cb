// Three server processes on one PostgreSQL database. Throughput with one, two and three processes
// (in-scope posts through all of them), then load with held actions where reviewers approve through
// another process than the one the agent used, and two reviewers approve the same action through two
// processes at once: one decision, one publication, one Slack post.
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.ts';
import {
  AgentLoad,
  Answers,
  auditVerify,
  call,
  checkOutcome,
  createPgDatabase,
  freePort,
  type Identities,
  log,
  postgresReachable,
  ReviewerLoad,
  type Reply,
  reportLine,
  type ServerProc,
  seedIdentities,
  serverEnv,
  sleep,
  startServer,
  waitSettled,
} from './harness.ts';

const pgOk = await postgresReachable();
if (!pgOk)
  console.warn('multi-process.faults.ts: skipped: PostgreSQL is not reachable (FAULTS_DATABASE_URL)');
const SECONDS = Number(process.env['FAULTS_THROUGHPUT_SECONDS'] ?? 10);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function startServers(env: Record<string, string>, n: number, label: string): Promise<ServerProc[]> {
  const servers: ServerProc[] = [];
  for (let i = 0; i < n; i++) {
    const s = await startServer(env, await freePort(), { label: `${label}-${i}` });
    cleanups.push(() => s.kill9());
    servers.push(s);
  }
  return servers;
}

describe.skipIf(!pgOk)('several server processes on one PostgreSQL', () => {
  it('throughput with 1, 2 and 3 processes (in-scope posts, published at once)', async () => {
    const figures: Record<string, number> = {};
    for (const n of [1, 2, 3]) {
      const slack: FakeSlack = await startFakeSlack();
      cleanups.push(() => slack.close());
      const db = await createPgDatabase();
      cleanups.push(() => db.drop());
      const database = { url: db.url, dataDir: '/nonexistent-faults-data-dir' };
      const env = serverEnv({ database, slack, leaseMs: 30_000 });
      const ids = await seedIdentities(env, 4);
      const servers = await startServers(env, n, `throughput${n}`);
      const answers = new Answers();
      const load = new AgentLoad({
        urls: () => servers.map((s) => s.url),
        ids,
        clients: 12,
        heldRatio: 0,
        answers,
      });
      load.start();
      // Warm up (JIT, connection pools), then count what is acknowledged in the window.
      await sleep(3_000);
      const from = load.acked().length;
      const t0 = Date.now();
      await sleep(SECONDS * 1_000);
      const done = load.acked().length - from;
      const secs = (Date.now() - t0) / 1000;
      await load.finish(60_000);
      const settled = await waitSettled(servers[0]!.url, ids.reviewerTokens[0]!, 60_000);
      for (const s of servers) await s.stop();
      const outcome = await checkOutcome({ database, slack, load, answers });
      expect(settled).toBe(true);
      expect(outcome.problems.slice(0, 20)).toEqual([]);
      figures[`${n}`] = Math.round(done / secs);
      log(
        `throughput: ${n} process(es): ${figures[`${n}`]} actions/s (${done} in ${secs.toFixed(1)} s; ${answers.summary()})`,
      );
    }
    reportLine('throughput actions/s by processes', figures);
    for (const n of ['1', '2', '3']) expect(figures[n]).toBeGreaterThan(0);
  });

  it('three processes: reviewers approve through other processes; racing approvals make one decision', async () => {
    const slack = await startFakeSlack({ latencyMs: 10 });
    cleanups.push(() => slack.close());
    const db = await createPgDatabase();
    cleanups.push(() => db.drop());
    const database = { url: db.url, dataDir: '/nonexistent-faults-data-dir' };
    const env = serverEnv({ database, slack, leaseMs: 30_000 });
    const ids: Identities = await seedIdentities(env, 3);
    const servers = await startServers(env, 3, 'three');
    const urls = () => servers.map((s) => s.url);
    const answers = new Answers();
    const load = new AgentLoad({ urls, ids, clients: 6, heldRatio: 0.5, answers });
    const byKey = () => new Map(load.submitted.map((s) => [s.key, s]));
    let cache = byKey();
    const get = (key: string) => {
      if (!cache.has(key)) cache = byKey();
      return cache.get(key);
    };
    // Every fourth action to approve is raced by two reviewers instead of approved by the reviewer loop.
    const raced = (key: string) => get(key)?.intent === 'approve' && (get(key)?.n ?? 0) % 4 === 0;
    const reviewers = new ReviewerLoad({
      urls,
      ids,
      answers,
      intentOf: (key) => (raced(key) ? undefined : get(key)?.intent),
      approveVia: (key) => (get(key)?.via ?? 0) + 1,
    });
    const races: Array<{ id: string; replies: Reply[]; vias: number[]; submittedVia: number }> = [];
    const racing = new Set<string>();
    let stopRacing = false;
    const racer = (async () => {
      while (!stopRacing) {
        try {
          const list = await call(
            urls()[0]!,
            'GET',
            '/v1/actions?status=held&limit=200',
            ids.reviewerTokens[0]!,
          );
          for (const a of list.body.actions ?? []) {
            const key = /\(([^)]+)\)\.$/.exec(String(a.text))?.[1];
            if (!key || !raced(key) || racing.has(a.id)) continue;
            racing.add(a.id);
            const via = get(key)!.via;
            const vias = [(via + 1) % 3, (via + 2) % 3];
            const replies = await Promise.all(
              vias.map((v, i) =>
                call(urls()[v]!, 'POST', `/v1/actions/${a.id}/approve`, ids.reviewerTokens[i]!, {
                  content_hash: a.content_hash,
                }),
              ),
            );
            for (const r of replies) answers.record('racing approve', r);
            races.push({ id: a.id, replies, vias, submittedVia: via });
          }
        } catch {
          answers.networkErrors++;
        }
        await sleep(100);
      }
    })();
    load.start();
    reviewers.start();
    await sleep(20_000);
    await load.finish(60_000);
    await sleep(2_000);
    stopRacing = true;
    await racer;
    await reviewers.stop();
    await reviewers.drain(60_000);
    const settled = await waitSettled(urls()[0]!, ids.reviewerTokens[0]!, 60_000);
    for (const s of servers) await s.stop();
    const outcome = await checkOutcome({ database, slack, load, answers, reviewers });
    const audit = await auditVerify(database);
    const wins = races.map((r) => r.replies.filter((x) => x.status === 200).length);
    const acksVia = [0, 1, 2].map((i) => load.acked().filter((s) => s.via === i).length);
    reportLine('three-processes', {
      acknowledged: load.acked().length,
      acknowledgedByProcess: acksVia,
      byStatus: outcome.byStatus,
      approvals: reviewers.approvedAcks.size,
      races: races.length,
      raceLoserStatuses: races.flatMap((r) => r.replies.filter((x) => x.status !== 200).map((x) => x.status)),
      http: answers.summary(),
      doubleDeliveries: outcome.doubleDeliveries,
    });
    expect(settled).toBe(true);
    expect(outcome.problems.slice(0, 30)).toEqual([]);
    expect(audit.code, audit.out).toBe(0);
    for (const n of acksVia) expect(n, 'load went through every process').toBeGreaterThan(10);
    expect(races.length, 'approval races happened').toBeGreaterThan(5);
    for (const [i, r] of races.entries()) {
      expect(
        wins[i],
        `race on ${r.id}: ${r.replies.map((x) => `${x.status} ${JSON.stringify(x.body).slice(0, 120)}`).join(' | ')}`,
      ).toBe(1);
      for (const x of r.replies) if (x.status !== 200) expect(x.status).toBe(409);
      expect(outcome.approvedEvents.get(r.id)).toBe(1);
      expect(outcome.approveReviews.get(r.id)).toBe(1);
      expect(slack.postCounts().get(r.id)).toBe(1);
      expect(r.vias).not.toContain(r.submittedVia);
    }
    expect(reviewers.approvedAcks.size).toBeGreaterThan(10);
  });
});
