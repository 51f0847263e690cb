// A real Airlock (createAirlock: real store, real pipeline) driven through `airlock.gov` without HTTP or
// the background worker: the test owns the clock and calls `gov.worker.tick()` itself.
import { readConfig } from '../../src/config.ts';
import { verifyChain, type VerifyResult } from '../../src/governance/audit/chain.ts';
import type { Agent, AuditEvent, Reviewer } from '../../src/governance/model.ts';
import { DEFAULT_SETTINGS, type Governance } from '../../src/governance/pipeline/index.ts';
import type { Store } from '../../src/governance/ports.ts';
import { type Airlock, createAirlock, type Overrides } from '../../src/main.ts';
import { markerClassifier } from './classifiers.ts';
import { type ManualClock, manualClock } from './clock.ts';
import { createTestDb, type TestDb } from './db.ts';
import { type RecordingPlatform, recordingPlatform } from './platforms.ts';

/** Creates an Airlock on `db` (not listening, worker not started). */
export async function createAirlockOn(
  db: TestDb,
  overrides: Overrides = {},
  env: Record<string, string> = {},
): Promise<Airlock> {
  const config = readConfig(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      AIRLOCK_DATA_DIR: db.dataDir,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...env,
    },
    '/nonexistent-config-dir',
  );
  return createAirlock(config, { ...(db.template ? { pgliteTemplate: db.template } : {}), ...overrides });
}

export interface PipelineHarness {
  db: TestDb;
  airlock: Airlock;
  gov: Governance;
  store: Store;
  clock: ManualClock;
  platform: RecordingPlatform;
  agent: Agent;
  agentToken: string;
  /** rita: default; sol: default + security; sec2: security. */
  reviewers: { rita: Reviewer; sol: Reviewer; sec2: Reviewer };
  settings: {
    maxAttempts: number;
    backoffMs: number;
    maxBackoffMs: number;
    holdTtlMs: number;
    claimLeaseMs: number;
  };
  close(): Promise<void>;
}

export interface PipelineOptions {
  maxAttempts?: number;
  backoffMs?: number;
  holdTtlHours?: number;
  overrides?: Overrides;
  platform?: RecordingPlatform;
  clock?: ManualClock;
  db?: TestDb;
}

export async function startPipeline(opts: PipelineOptions = {}): Promise<PipelineHarness> {
  const db = opts.db ?? (await createTestDb());
  const clock = opts.clock ?? manualClock();
  const platform = opts.platform ?? recordingPlatform('flaky');
  const maxAttempts = opts.maxAttempts ?? 3;
  const backoffMs = opts.backoffMs ?? 1_000;
  const holdTtlHours = opts.holdTtlHours ?? 72;
  const airlock = await createAirlockOn(
    db,
    { classifier: markerClassifier(), clock, platforms: [platform], ...opts.overrides },
    {
      AIRLOCK_PUBLISH_MAX_ATTEMPTS: String(maxAttempts),
      AIRLOCK_PUBLISH_BACKOFF_MS: String(backoffMs),
      AIRLOCK_HOLD_TTL_HOURS: String(holdTtlHours),
    },
  );
  const gov = airlock.gov;
  const { agent, token: agentToken } = await gov.admin.addAgent('pipeline-agent');
  const rita = (await gov.admin.addReviewer('rita', ['default'])).reviewer;
  const sol = (await gov.admin.addReviewer('sol', ['default', 'security'])).reviewer;
  const sec2 = (await gov.admin.addReviewer('sec2', ['security'])).reviewer;
  return {
    db,
    airlock,
    gov,
    store: airlock.store,
    clock,
    platform,
    agent,
    agentToken,
    reviewers: { rita, sol, sec2 },
    settings: {
      maxAttempts,
      backoffMs,
      maxBackoffMs: DEFAULT_SETTINGS.maxBackoffMs,
      holdTtlMs: holdTtlHours * 3600_000,
      claimLeaseMs: DEFAULT_SETTINGS.claimLeaseMs,
    },
    close: async () => {
      await airlock.close();
      if (!opts.db) await db.drop();
    },
  };
}

/** The submit body the tests use: a post in #general on `platform`. */
export const postBody = (text: string, platform = 'flaky') => ({
  request_id: null,
  platform,
  action: { kind: 'post' as const, channel: 'general', text },
});

/** The audit trail in pages, as verifyChain wants it. */
export async function* auditPages(store: Store, pageSize = 500): AsyncGenerator<AuditEvent[]> {
  let after = 0;
  for (;;) {
    const page = await store.audit.page(after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

export async function allAuditEvents(store: Store): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const page of auditPages(store)) out.push(...page);
  return out;
}

/** Verifies the whole chain against the recorded head. Call it when nothing else is appending. */
export async function verifyStoreChain(store: Store): Promise<VerifyResult> {
  const head = await store.audit.head();
  return verifyChain(auditPages(store), head);
}
