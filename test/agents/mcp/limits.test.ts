// Issue 13 item 3: fair limits on /mcp (per agent and in total, idle timeout, all from config), and token
// revocation reaching every process at once (NOTIFY), AIRLOCK_TOKEN_CACHE_MS bounding it only while a
// process's LISTEN connection is down.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { usingPostgres } from '../../helpers/db.ts';
import { createAirlockOn } from '../../helpers/pipeline.ts';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'limits', version: '1' } },
};

async function initialize(url: string, token: string) {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(INIT),
  });
  const body = await res.text();
  return { status: res.status, session: res.headers.get('mcp-session-id'), body, headers: res.headers };
}

async function ping(url: string, token: string, session: string) {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
  });
  await res.text();
  return res.status;
}

describe('MCP session limits', () => {
  let t: TestAirlock;
  beforeAll(async () => {
    t = await startTestAirlock(
      { classifier: markerClassifier() },
      {
        AIRLOCK_MCP_MAX_SESSIONS: '5',
        AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT: '3',
        AIRLOCK_MCP_IDLE_TIMEOUT_MS: '1000',
      },
    );
  });
  afterAll(() => t.close());

  it('caps sessions per agent (429 naming the setting) without locking other agents out, and in total (503)', async () => {
    // Its own Airlock with a long idle timeout, so a slow machine cannot free a slot mid-test.
    const t = await startTestAirlock(
      { classifier: markerClassifier() },
      {
        AIRLOCK_MCP_MAX_SESSIONS: '5',
        AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT: '3',
        AIRLOCK_MCP_IDLE_TIMEOUT_MS: '600000',
      },
    );
    try {
      for (let i = 0; i < 3; i++) expect((await initialize(t.url, t.agentToken)).status).toBe(200);
      const over = await initialize(t.url, t.agentToken);
      expect(over.status).toBe(429);
      expect(over.body).toContain('AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT');
      expect(over.headers.get('retry-after')).toBeTruthy();

      const b = await t.airlock.gov.admin.addAgent('agent-b');
      expect((await initialize(t.url, b.token)).status).toBe(200);
      expect((await initialize(t.url, b.token)).status).toBe(200);
      const c = await t.airlock.gov.admin.addAgent('agent-c');
      const full = await initialize(t.url, c.token);
      expect(full.status).toBe(503);
      expect(full.body).toContain('AIRLOCK_MCP_MAX_SESSIONS');
    } finally {
      await t.close();
    }
  });

  it('closes idle sessions after AIRLOCK_MCP_IDLE_TIMEOUT_MS, freeing the slot', async () => {
    const d = await t.airlock.gov.admin.addAgent('agent-d');
    await new Promise((r) => setTimeout(r, 2_500));
    const s = await initialize(t.url, d.token);
    expect(s.status).toBe(200);
    expect(await ping(t.url, d.token, s.session!)).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await ping(t.url, d.token, s.session!)).toBe(404);
  });
});

describe('token revocation', () => {
  it('is immediate in the process that revokes, on the HTTP API and /mcp', async () => {
    const t = await startTestAirlock({ classifier: markerClassifier() });
    try {
      const s = await initialize(t.url, t.agentToken);
      expect(s.status).toBe(200);
      expect((await t.api('GET', '/v1/agent/me', { token: t.agentToken })).status).toBe(200);
      await t.airlock.gov.admin.revokeAgent('test-agent');
      expect((await t.api('GET', '/v1/agent/me', { token: t.agentToken })).status).toBe(401);
      expect(await ping(t.url, t.agentToken, s.session!)).toBe(401);
    } finally {
      await t.close();
    }
  });

  // Another process on the same PostgreSQL learns of a revocation through NOTIFY. Its cache TTL is set to a
  // minute here, so only the notification can explain a refusal within a second.
  const twoProcesses = async (
    run: (ctx: { me: () => Promise<number>; revoke: () => Promise<number>; dbUrl: string }) => Promise<void>,
  ) => {
    const a = await startTestAirlock({ classifier: markerClassifier() }, { AIRLOCK_TOKEN_CACHE_MS: '60000' });
    const b = await createAirlockOn(
      a.db,
      { classifier: markerClassifier() },
      { AIRLOCK_TOKEN_CACHE_MS: '60000' },
    );
    try {
      const bUrl = await b.listen();
      const me = () =>
        fetch(`${bUrl}/v1/agent/me`, { headers: { authorization: `Bearer ${a.agentToken}` } }).then(
          (r) => r.status,
        );
      const revoke = async () => {
        expect(await me()).toBe(200); // cached in b for a minute
        await a.airlock.gov.admin.revokeAgent('test-agent');
        const revokedAt = performance.now();
        let status = 200;
        while (status === 200 && performance.now() - revokedAt < 10_000) {
          status = await me();
          if (status === 200) await new Promise((r) => setTimeout(r, 10));
        }
        expect(status).toBe(401);
        return performance.now() - revokedAt;
      };
      await run({ me, revoke, dbUrl: a.db.url! });
    } finally {
      await b.close();
      await a.close();
    }
  };

  it.skipIf(!usingPostgres())('reaches another process on the same PostgreSQL at once (NOTIFY)', async () => {
    await twoProcesses(async ({ revoke }) => {
      const ms = await revoke();
      expect(ms).toBeLessThanOrEqual(1_000);
      process.stdout.write(`revocation reached the second process after ${ms.toFixed(1)} ms\n`);
    });
  });

  it.skipIf(!usingPostgres())(
    'still reaches it after the LISTEN connection was cut (reconnected, cache dropped)',
    async () => {
      await twoProcesses(async ({ me, revoke, dbUrl }) => {
        const admin = new pg.Client({ connectionString: dbUrl });
        await admin.connect();
        try {
          const listeners = async () =>
            Number(
              (
                await admin.query(
                  `select count(*)::int as n from pg_stat_activity
                   where datname = current_database() and query ilike 'listen %'`,
                )
              ).rows[0].n,
            );
          await until(async () => (await listeners()) === 2);
          expect(await me()).toBe(200);
          await admin.query(
            `select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and query ilike 'listen %'`,
          );
          await until(async () => (await listeners()) === 2);
          const ms = await revoke();
          expect(ms).toBeLessThanOrEqual(1_000);
        } finally {
          await admin.end();
        }
      });
    },
  );
});

async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
