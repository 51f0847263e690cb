// Concurrent transactions share one database transaction (group commit); each caller still gets its own
// outcome, and the audit chain stays one unbroken sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/governance/audit/chain.ts';
import type { Store } from '../../src/governance/ports.ts';
import { createStore, openDb } from '../../src/store/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let db: TestDb;
let store: Store;

beforeAll(async () => {
  db = await createTestDb();
  const open = await openDb({ url: db.url, dataDir: db.dataDir });
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
