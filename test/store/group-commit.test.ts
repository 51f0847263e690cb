// Concurrent transactions share one database transaction (group commit); each caller still gets its own
// outcome, and the audit chain stays one unbroken sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/governance/audit/chain.ts';
import type { Store } from '../../src/governance/ports.ts';
import { createStore, type OpenDb, openDb } from '../../src/store/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let db: TestDb;
let store: Store;
let open: OpenDb;

beforeAll(async () => {
  db = await createTestDb();
  open = await openDb({ url: db.url, dataDir: db.dataDir, template: db.template });
  await open.migrate();
  store = createStore(open);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

async function* pages() {
  let after = 0;
  for (;;) {
    const p = await store.audit.page(after, 1000);
    if (p.length === 0) return;
    yield p;
    after = p[p.length - 1]!.seq;
  }
}

describe('group commit', () => {
  it('commits 300 concurrent transactions with one unbroken chain', async () => {
    const at = new Date();
    const seqs = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.transaction(async (tx) => {
          const a = await tx.audit.append({ actor: 'test', type: 't.one', actionId: null, data: { i } }, at);
          const b = await tx.audit.append({ actor: 'test', type: 't.two', actionId: null, data: { i } }, at);
          expect(b.seq).toBe(a.seq + 1);
          return a.seq;
        }),
      ),
    );
    expect(new Set(seqs).size).toBe(300);
    const result = await verifyChain(pages(), await store.audit.head());
    expect(result).toMatchObject({ ok: true, events: 600 });
  });

  it('a failing transaction fails alone; its neighbours in the batch commit', async () => {
    const before = (await store.audit.head()).seq;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.audit.append({ actor: 'test', type: 't.maybe', actionId: null, data: { i } }, new Date());
          if (i === 7) throw new Error('boom');
          return i;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect((outcomes[7] as PromiseRejectedResult).reason.message).toBe('boom');
    const head = await store.audit.head();
    expect(head.seq - before).toBe(19);
    const events = (await store.audit.page(before, 100)).map((e) => (e.data as { i: number }).i);
    expect(events).not.toContain(7);
    expect((await verifyChain(pages(), head)).ok).toBe(true);
  });
});

describe('group commit across processes and with compare-and-set', () => {
  it('two committers on one database (as two processes): a stale remembered head re-runs, the chain stays whole', async () => {
    // On PGlite both stores share the one embedded database (it cannot be opened twice), so the second
    // store wraps the first's handle: its own committer, its own remembered head.
    const second = db.url
      ? createStore(await openDb({ url: db.url }))
      : createStore({ ...open, close: async () => {} });
    const first = store;
    const before = (await first.audit.head()).seq;
    try {
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          [first, second].flatMap((s, k) =>
            Array.from({ length: 10 }, (_, i) =>
              s.transaction(async (tx) => {
                await tx.audit.append(
                  { actor: 'test', type: 't.proc', actionId: null, data: { k, i, round } },
                  new Date(),
                );
              }),
            ),
          ),
        );
      }
      const head = await first.audit.head();
      expect(head.seq - before).toBe(100);
      expect(await verifyChain(pages(), head)).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });

  it('a batched compare-and-set that no longer holds fails only its caller (conflict); the rest commit', async () => {
    const at = new Date();
    const ids = Array.from({ length: 5 }, (_, i) => `act_cas_${i}_${Date.now()}`);
    const base = {
      agentId: null as unknown as string,
      requestId: null,
      kind: 'post' as const,
      platform: 'local',
      channel: 'general',
      thread: null,
      recipient: null,
      text: 'hello',
      change: null,
      context: null,
      contentHash: 'h',
      status: 'held' as const,
      decision: { decision: 'hold' as const, in_scope: true, risk: 'low' as const, reasons: [] },
      idempotencyKey: null,
      bodyHash: null,
      platformRef: null,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      expiresAt: null,
      createdAt: at,
      updatedAt: at,
      decidedAt: at,
      publishedAt: null,
    };
    const agentId = `agt_cas_${Date.now()}`;
    await store.agents.insert(
      { id: agentId, name: agentId, identities: {}, createdAt: at, revokedAt: null },
      `tok_${agentId}`,
    );
    const rows = ids.map((id) => ({ ...base, id, agentId }));
    await store.transaction(async (tx) => {
      for (const r of rows) await tx.actions.insert(r as never);
    });
    const later = new Date(at.getTime() + 1000);
    // Two moves of the first action from `held` race in one batch; the other actions move once each.
    const moves = [rows[0]!, ...rows].map((r, n) =>
      store.transaction(async (tx) => {
        const to = n === 0 ? 'rejected' : 'approved';
        const done = await tx.actions.update(
          r.id,
          ['held'],
          { status: to, updatedAt: later },
          undefined,
          r as never,
        );
        if (!done) throw new Error(`conflict on ${r.id}`);
        await tx.audit.append({ actor: 'test', type: `t.${to}`, actionId: r.id, data: {} }, later);
        return done.status;
      }),
    );
    const outcomes = await Promise.allSettled(moves);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(String((rejected[0] as PromiseRejectedResult).reason)).toContain(`conflict on ${ids[0]}`);
    for (const id of ids) expect((await store.actions.get(id))?.status).not.toBe('held');
    expect((await verifyChain(pages(), await store.audit.head())).ok).toBe(true);
  });
});

describe('two batches in flight', () => {
  it('a batch that reaches the head before the batch it was built on waits for it and commits, without a transaction', async () => {
    // The second batch is built on the head the first will leave and sent at once, on another
    // connection; here the first one's statement is held back so that the second reaches the head first.
    let delayNext = false;
    let executes = 0;
    let transactions = 0;
    // Batch statements go to the driver's `query` (the connection under drizzle's session); wrap it there.
    const wrap = <T extends object>(target: T, hook: (prop: string | symbol, value: unknown) => unknown) =>
      new Proxy(target, {
        get(t, prop) {
          const value = Reflect.get(t, prop, t);
          const hooked = hook(prop, value);
          if (hooked !== undefined) return hooked;
          return typeof value === 'function' ? value.bind(t) : value;
        },
      });
    const query =
      (value: (...a: unknown[]) => unknown, target: object) =>
      async (...args: unknown[]) => {
        executes++;
        if (delayNext) {
          delayNext = false;
          await new Promise((r) => setTimeout(r, 300));
        }
        return value.apply(target, args);
      };
    const session = (open.db as unknown as { session: { client: object } }).session;
    const client = wrap(session.client, (prop, value) =>
      prop === 'query' ? query(value as (...a: unknown[]) => unknown, session.client) : undefined,
    );
    const db = wrap(open.db, (prop, value) => {
      if (prop === 'session') return wrap(session, (p) => (p === 'client' ? client : undefined));
      if (prop === 'transaction')
        return (...args: unknown[]) => {
          transactions++;
          return (value as (...a: unknown[]) => unknown).apply(open.db, args);
        };
      return undefined;
    });
    const s = createStore({ ...open, db, close: async () => {} });
    const append = (i: number) =>
      s.transaction((tx) =>
        tx.audit.append({ actor: 'test', type: 't.inflight', actionId: null, data: { i } }, new Date()),
      );
    try {
      await append(0); // learns the head (a transaction)
      const before = { executes, transactions };
      delayNext = true;
      const first = append(1);
      await new Promise((r) => setTimeout(r, 50));
      const second = append(2);
      const [a, b] = await Promise.all([first, second]);
      expect(b.seq).toBe(a.seq + 1);
      // first: one statement; second: refused (head behind), then sent again once the first committed
      expect(executes - before.executes).toBe(3);
      expect(transactions - before.transactions).toBe(0);
      expect((await verifyChain(pages(), await store.audit.head())).ok).toBe(true);
    } finally {
      await s.close();
    }
  });
});
