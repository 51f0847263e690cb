// kill -9 under load: the real server (`airlock start`) as a child process, agents submitting and a
// reviewer approving over HTTP, a fake Slack in this process, and the server killed with SIGKILL at random
// moments and started again. FAULTS_KILLS sets the number of kills on PostgreSQL (default 50; the nightly
// size is 200), FAULTS_PGLITE_KILLS on the embedded database (default 15).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.ts';
import {
  AgentLoad,
  Answers,
  auditVerify,
  checkOutcome,
  createPgDatabase,
  freePort,
  log,
  logDirectory,
  postgresReachable,
  ReviewerLoad,
  reportLine,
  seedIdentities,
  serverEnv,
  sleep,
  startServer,
  waitSettled,
} from './harness.ts';

const KILLS = Number(process.env['FAULTS_KILLS'] ?? 50);
const PGLITE_KILLS = Number(process.env['FAULTS_PGLITE_KILLS'] ?? 15);
const pgOk = await postgresReachable();
/** The nightly size runs longer than the suite's default test timeout: allow 15 s a kill, plus 5 minutes. */
const timeoutFor = (kills: number) => Math.max(15 * 60_000, kills * 15_000 + 5 * 60_000);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function killRun(label: string, database: { url?: string; dataDir: string }, kills: number) {
  const slack: FakeSlack = await startFakeSlack({ latencyMs: 20 });
  cleanups.push(() => slack.close());
  const env = serverEnv({ database, slack, leaseMs: 3_000 });
  const ids = await seedIdentities(env);
  const port = await freePort();
  let server = await startServer(env, port, { label });
  cleanups.push(() => server.kill9());
  const answers = new Answers();
  const load = new AgentLoad({ urls: () => [server.url], ids, clients: 4, heldRatio: 0.4, answers });
  const intents = () => new Map(load.submitted.map((s) => [s.key, s.intent]));
  let intentCache = intents();
  const reviewers = new ReviewerLoad({
    urls: () => [server.url],
    ids,
    answers,
    intentOf: (key) => {
      if (!intentCache.has(key)) intentCache = intents();
      return intentCache.get(key);
    },
  });
  load.start();
  reviewers.start();
  const started = Date.now();
  const restartMs: number[] = [];
  for (let k = 0; k < kills; k++) {
    // A random moment: anywhere from just after ready to a few seconds of load.
    await sleep(100 + Math.random() * 1_900);
    await server.kill9();
    const t0 = Date.now();
    server = await startServer(env, port, { label });
    restartMs.push(Date.now() - t0);
    if ((k + 1) % 10 === 0)
      log(`${label}: ${k + 1}/${kills} kills, ${load.acked().length} actions acknowledged`);
  }
  // The last incarnation: agents finish what they started, the reviewer decides everything left.
  await sleep(1_000);
  await load.finish(120_000);
  await reviewers.stop();
  await reviewers.drain(90_000);
  const settledIn = Date.now();
  const settled = await waitSettled(server.url, ids.reviewerTokens[0]!, 90_000);
  const settleMs = Date.now() - settledIn;
  await server.stop();
  const outcome = await checkOutcome({ database, slack, load, answers, reviewers });
  const audit = await auditVerify(database);
  const figures = {
    kills,
    restarts: restartMs.length,
    medianRestartMs: restartMs.sort((a, b) => a - b)[Math.floor(restartMs.length / 2)],
    seconds: Math.round((Date.now() - started) / 1000),
    acknowledged: load.acked().length,
    stored: outcome.actions.length,
    byStatus: outcome.byStatus,
    slackPosts: [...slack.postCounts().values()].reduce((a, b) => a + b, 0),
    doubleDeliveries: outcome.doubleDeliveries,
    repliesLostInCrash: Object.fromEntries(slack.lostReplies),
    approvals: reviewers.approvedAcks.size,
    approveConflicts: reviewers.conflicts,
    http: answers.summary(),
    settleMs,
    logs: logDirectory(),
  };
  reportLine(label, figures);
  expect(settled, 'everything settled after the last restart').toBe(true);
  expect(outcome.problems.slice(0, 30)).toEqual([]);
  expect(outcome.doubleDeliveries).toBe(0);
  expect(audit.code, audit.out).toBe(0);
  // The run exercised what it claims: acknowledged actions of every kind, held ones approved after kills.
  expect(load.acked().length).toBeGreaterThan(kills);
  expect(outcome.byStatus['published'] ?? 0).toBeGreaterThan(kills);
  expect(reviewers.approvedAcks.size).toBeGreaterThan(kills / 5);
  expect(outcome.byStatus['held'] ?? 0).toBeGreaterThan(0);
  expect(outcome.byStatus['rejected'] ?? 0).toBeGreaterThan(0);
  return figures;
}

describe.skipIf(!pgOk)('kill -9 under load on PostgreSQL', () => {
  it(
    `survives ${KILLS} kills: every acknowledged action stored, published exactly once`,
    async () => {
      const db = await createPgDatabase();
      cleanups.push(() => db.drop());
      await killRun(
        'kill-9/postgres',
        { url: db.url, dataDir: mkdtempSync(join(tmpdir(), 'airlock-faults-')) },
        KILLS,
      );
    },
    timeoutFor(KILLS),
  );
});

describe('kill -9 under load on embedded PGlite', () => {
  it(
    `survives ${PGLITE_KILLS} kills with its data directory`,
    async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'airlock-faults-pglite-')), 'data');
      await killRun('kill-9/pglite', { dataDir }, PGLITE_KILLS);
    },
    timeoutFor(PGLITE_KILLS),
  );
});
