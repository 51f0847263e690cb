// Starts a real Airlock (real HTTP on an ephemeral port, real database) for a test file.
import { readConfig } from '../../src/config.ts';
import { type Airlock, createAirlock, type Overrides } from '../../src/main.ts';
import { serverMounts } from '../../src/mounts.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestAirlock {
  url: string;
  airlock: Airlock;
  db: TestDb;
  agentToken: string;
  agentId: string;
  reviewerToken: string;
  securityReviewerToken: string;
  /** fetch against the server with a bearer token and JSON body. */
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startTestAirlock(
  overrides: Overrides = {},
  env: Record<string, string> = {},
): Promise<TestAirlock> {
  const db = await createTestDb();
  const config = readConfig(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      AIRLOCK_DATA_DIR: db.dataDir,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      AIRLOCK_WORKER_INTERVAL_MS: '50',
      ...env,
    },
    '/nonexistent-config-dir',
  );
  // The same routes as `airlock start` (/mcp, platform webhooks), unless a test brings its own.
  const airlock = await createAirlock(config, {
    mounts: serverMounts(config),
    ...(db.template ? { pgliteTemplate: db.template } : {}),
    ...overrides,
  });
  const url = await airlock.listen();
  const { agent, token: agentToken } = await airlock.gov.admin.addAgent('test-agent');
  const { token: reviewerToken } = await airlock.gov.admin.addReviewer('rita', ['default']);
  const { token: securityReviewerToken } = await airlock.gov.admin.addReviewer('sol', [
    'default',
    'security',
  ]);
  const api: TestAirlock['api'] = async (method, path, opts = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (metrics)
    }
    return { status: res.status, body };
  };
  return {
    url,
    airlock,
    db,
    agentToken,
    agentId: agent.id,
    reviewerToken,
    securityReviewerToken,
    api,
    close: async () => {
      await airlock.close();
      await db.drop();
    },
  };
}

/** Records a request from Sam in a local DM for the test agent, as a reviewer would; returns its id. */
export async function recordLocalRequest(
  t: TestAirlock,
  text = 'post the deploy note in #general',
): Promise<string> {
  const r = await t.api('POST', '/v1/requests', {
    token: t.reviewerToken,
    body: {
      text,
      requester: { id: 'U1', name: 'Sam' },
      platform: 'local',
      origin: { channel: 'D1' },
      agent_id: t.agentId,
    },
  });
  if (r.status !== 201)
    throw new Error(`recording the request answered ${r.status}: ${JSON.stringify(r.body)}`);
  return String(r.body.id);
}
