// The audit hash chain: canonical JSON, the per-event hash, and verification that names the first bad row.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEvent, verifyChain } from '../../src/governance/audit/chain.ts';
import type { AuditEvent } from '../../src/governance/model.ts';
import { createStore, openDb } from '../../src/store/index.ts';
import { createTestDb } from '../helpers/db.ts';
import { auditPages } from '../helpers/pipeline.ts';

// ---- helpers ---------------------------------------------------------------------------------

type Body = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

const bodyOf = (i: number): Body => ({
  at: new Date(Date.UTC(2030, 0, 1, 12, 0, i)),
  actor: i % 2 ? 'system' : `reviewer:rvw_${i}`,
  type: i % 3 ? 'action.received' : 'review.recorded',
  actionId: i % 4 ? `act_${i}` : null,
  data: { n: i, nested: { list: [i, 'x', null], flag: i % 2 === 0 } },
});

/** A correctly linked chain of `n` events (seq 1..n). */
function chain(n: number, body: (i: number) => Body = bodyOf): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, ...body(seq) };
    const hash = hashEvent(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

/** Re-links events from index `from` on, as a forger who rewrites the rest of the chain would. */
function relink(events: AuditEvent[], from: number): AuditEvent[] {
  const out = events.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    const prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    const { hash: _h, prevHash: _p, ...rest } = out[i]!;
    out[i] = { ...rest, prevHash, hash: hashEvent(prevHash, rest) };
  }
  return out;
}

async function* pages(events: AuditEvent[], size = 3): AsyncGenerator<AuditEvent[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

const headOf = (events: AuditEvent[]) => ({ seq: events.length, hash: events.at(-1)?.hash ?? GENESIS_HASH });
const verify = (events: AuditEvent[], head?: { seq: number; hash: string }, size = 3) =>
  verifyChain(pages(events, size), head);

/** The same JSON value with every object's keys in reverse order (own data properties, `__proto__` included). */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .reverse()
      .map(([k, x]) => [k, reverseKeys(x)]),
  );
}

// ---- canonicalJson ---------------------------------------------------------------------------

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }, 1], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1},1]},"b":1}',
    );
  });

  it('writes primitives as JSON, dates as ISO strings, and drops undefined members', () => {
    expect(canonicalJson('he said "hi" ☃\n')).toBe(JSON.stringify('he said "hi" ☃\n'));
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6)))).toBe('"2030-01-02T03:04:05.006Z"');
    expect(canonicalJson({ at: new Date(0), gone: undefined, kept: null })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z","kept":null}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('orders keys by code unit, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4, é: 5, '10': 6, '9': 7 })).toBe(
      '{"10":6,"9":7,"B":2,"_":4,"a":3,"b":1,"é":5}',
    );
  });

  it('is the same for any key order, and survives a JSON round trip unchanged (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(canonicalJson(reverseKeys(v))).toBe(c);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- hashEvent -------------------------------------------------------------------------------

describe('hashEvent', () => {
  const e = {
    seq: 7,
    at: new Date('2030-01-01T00:00:00.000Z'),
    actor: 'system',
    type: 'action.published',
    actionId: 'act_1',
    data: { b: 2, a: 1 },
  };

  it('is SHA-256 of the previous hash, a newline, and the canonical JSON of the event', () => {
    const body =
      '{"actionId":"act_1","actor":"system","at":"2030-01-01T00:00:00.000Z","data":{"a":1,"b":2},"seq":7,"type":"action.published"}';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex');
    expect(hashEvent(GENESIS_HASH, e)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the previous hash and with every field, but not with key order in data', () => {
    const h = hashEvent(GENESIS_HASH, e);
    expect(hashEvent('f'.repeat(64), e)).not.toBe(h);
    for (const changed of [
      { ...e, seq: 8 },
      { ...e, at: new Date('2030-01-01T00:00:00.001Z') },
      { ...e, actor: 'reviewer:rvw_1' },
      { ...e, type: 'action.failed' },
      { ...e, actionId: null },
      { ...e, actionId: 'act_2' },
      { ...e, data: { a: 1, b: 3 } },
      { ...e, data: { a: 1, b: 2, c: null } },
    ]) {
      expect(hashEvent(GENESIS_HASH, changed), JSON.stringify(changed)).not.toBe(h);
    }
    expect(hashEvent(GENESIS_HASH, { ...e, data: { a: 1, b: 2 } })).toBe(h);
  });

  it('ignores the stored hashes of the event itself', () => {
    const [first] = chain(1);
    expect(hashEvent(GENESIS_HASH, { ...first!, hash: 'x', prevHash: 'y' } as AuditEvent)).toBe(first!.hash);
  });
});

// ---- verifyChain -----------------------------------------------------------------------------

describe('verifyChain', () => {
  const events = chain(10);

  it('accepts an intact chain in any page size, with and without its head', async () => {
    for (const size of [1, 3, 10, 100]) {
      expect(await verify(events, headOf(events), size)).toEqual({
        ok: true,
        events: 10,
        headHash: events[9]!.hash,
      });
    }
    expect(await verify(events)).toMatchObject({ ok: true, events: 10 });
  });

  it('accepts the empty chain', async () => {
    expect(await verify([], { seq: 0, hash: GENESIS_HASH })).toEqual({
      ok: true,
      events: 0,
      headHash: GENESIS_HASH,
    });
  });

  it('an edited row: fails at that row ("altered")', async () => {
    const edited = events.map((e) => (e.seq === 4 ? { ...e, data: { ...e.data, n: 400 } } : e));
    const r = await verify(edited, headOf(events));
    expect(r).toMatchObject({ ok: false, seq: 4, events: 3 });
    expect(r.ok === false && r.problem).toMatch(/row 4 was altered/);
  });

  it('an edited row whose hash was recomputed: fails at the next row ("does not link")', async () => {
    const forged = events.map((e) => ({ ...e }));
    const { hash: _h, prevHash, ...rest } = forged[3]!;
    const data = { ...rest.data, n: 400 };
    forged[3] = { ...rest, data, prevHash, hash: hashEvent(prevHash, { ...rest, data }) };
    const r = await verify(forged, headOf(events));
    expect(r).toMatchObject({ ok: false, seq: 5 });
    expect(r.ok === false && r.problem).toMatch(/row 5 does not link to row 4/);
  });

  it('a row deleted in the middle: fails at the missing seq', async () => {
    const r = await verify(
      events.filter((e) => e.seq !== 6),
      headOf(events),
    );
    expect(r).toMatchObject({ ok: false, seq: 6, events: 5 });
    expect(r.ok === false && r.problem).toMatch(/row 6 is missing/);
  });

  it('a row deleted in the middle and the rest renumbered and relinked: caught by the head', async () => {
    const renumbered = relink(
      events.filter((e) => e.seq !== 6).map((e) => (e.seq > 6 ? { ...e, seq: e.seq - 1 } : e)),
      5,
    );
    expect(await verify(renumbered)).toMatchObject({ ok: true, events: 9 });
    expect(await verify(renumbered, headOf(events))).toMatchObject({ ok: false, seq: 10 });
  });

  it('deleted rows at the end: only the head can tell, and it names the first missing seq', async () => {
    const truncated = events.slice(0, 8);
    expect(await verify(truncated)).toMatchObject({ ok: true, events: 8 });
    const r = await verify(truncated, headOf(events));
    expect(r).toMatchObject({ ok: false, seq: 9, events: 8 });
    expect(r.ok === false && r.problem).toMatch(/rows at the end were deleted/);
  });

  it('reordered rows: fails at the first position out of place', async () => {
    const swapped = [...events];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!]; // rows 5 and 6
    expect(await verify(swapped, headOf(events))).toMatchObject({ ok: false, seq: 5 });

    const moved = [events[0]!, events[2]!, events[1]!, ...events.slice(3)]; // row 3 before row 2
    expect(await verify(moved, headOf(events))).toMatchObject({ ok: false, seq: 2 });
  });

  it('rows whose contents were swapped but kept their seq: fails at the first of them', async () => {
    const swapped = events.map((e) => ({ ...e }));
    const a = swapped[6]!;
    const b = swapped[7]!;
    swapped[6] = { ...b, seq: 7 };
    swapped[7] = { ...a, seq: 8 };
    expect(await verify(swapped, headOf(events))).toMatchObject({ ok: false, seq: 7 });
  });

  it('a duplicated row: fails at the duplicate ("out of order")', async () => {
    const doubled = [...events.slice(0, 3), events[2]!, ...events.slice(3)];
    const r = await verify(doubled, headOf(events));
    expect(r).toMatchObject({ ok: false, seq: 4 });
    expect(r.ok === false && r.problem).toMatch(/row 3 is out of order/);
  });

  it('a chain rewritten from some row on: the head catches it, without claiming rows were deleted', async () => {
    const rewritten = relink(
      events.map((e) => (e.seq === 7 ? { ...e, data: { n: 'forged' } } : e)),
      6,
    );
    expect(await verify(rewritten)).toMatchObject({ ok: true, events: 10 });
    const r = await verify(rewritten, headOf(events));
    expect(r).toMatchObject({ ok: false });
    // Nothing is missing here: all 10 rows are present, the head's hash just does not match row 10's.
    expect(r.ok === false && r.problem).not.toMatch(/deleted/);
  });

  it('any single-field change to any row is reported at that row (property)', async () => {
    const field = fc.constantFrom('at', 'actor', 'type', 'actionId', 'data', 'prevHash', 'hash');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 25 }), fc.nat(), field, async (n, pick, what) => {
        const good = chain(n);
        const k = (pick % n) + 1;
        const bad = good.map((e) => {
          if (e.seq !== k) return e;
          switch (what) {
            case 'at':
              return { ...e, at: new Date(e.at.getTime() + 1) };
            case 'actor':
              return { ...e, actor: `${e.actor}!` };
            case 'type':
              return { ...e, type: `${e.type}.x` };
            case 'actionId':
              return { ...e, actionId: e.actionId === null ? 'act_x' : null };
            case 'data':
              return { ...e, data: { ...e.data, extra: 1 } };
            case 'prevHash':
              return { ...e, prevHash: 'f'.repeat(64) };
            default:
              return { ...e, hash: `${'0'.repeat(63)}1` };
          }
        });
        const r = await verify(bad, headOf(good), 4);
        // A forged `hash` on row k shows up as row k (its content no longer matches it).
        expect(r).toMatchObject({ ok: false, seq: k });
      }),
      { numRuns: 200 },
    );
  });
});

// ---- against a real store -----------------------------------------------------------------------

describe('verifyChain over a stored trail (PGlite, or PostgreSQL when DATABASE_URL is set)', () => {
  it('verifies what the store appended, including awkward JSON, and names the row changed or removed in SQL', async () => {
    const db = await createTestDb();
    const open = await openDb({ url: db.url, dataDir: db.dataDir, template: db.template });
    try {
      await open.migrate();
      const store = createStore(open);
      const at = new Date(Date.UTC(2030, 0, 1));
      const awkward: Array<Record<string, unknown>> = [
        { text: 'é ☃ 🚀 \u2028 "quoted" \\ back', n: 1.5, big: 2 ** 53 - 1, tiny: 1e-7, huge: 1e21 },
        { nested: { z: [1, { b: null, a: true }], a: {} }, empty: [], zero: 0, neg: -12.25 },
        { at: new Date(Date.UTC(2030, 5, 6)), dropped: undefined, sum: 0.1 + 0.2 },
        { 'key with spaces': 1, Z: 2, a: 3, ä: 4 },
        { last: true },
      ];
      for (const [i, data] of awkward.entries()) {
        await store.audit.append(
          { actor: 'system', type: `test.event${i}`, actionId: i % 2 ? `act_${i}` : null, data },
          new Date(at.getTime() + i),
        );
      }
      const head = await store.audit.head();
      expect(head.seq).toBe(5);
      expect(await verifyChain(auditPages(store, 2), head)).toMatchObject({ ok: true, events: 5 });

      // The table refuses updates and deletes (a trigger); someone with DDL rights can still switch it off.
      await expect(open.rawQuery('delete from audit_events where seq = 5')).rejects.toThrow();
      await open.rawQuery('alter table audit_events disable trigger audit_events_append_only');
      await open.rawQuery(`update audit_events set data = jsonb_set(data, '{zero}', '1') where seq = 2`);
      expect(await verifyChain(auditPages(store, 2), head)).toMatchObject({ ok: false, seq: 2 });
      await open.rawQuery(`update audit_events set data = jsonb_set(data, '{zero}', '0') where seq = 2`);
      expect(await verifyChain(auditPages(store, 2), head)).toMatchObject({ ok: true });

      await open.rawQuery('delete from audit_events where seq = 3');
      expect(await verifyChain(auditPages(store, 2), head)).toMatchObject({ ok: false, seq: 3 });
      await open.rawQuery('delete from audit_events where seq > 3');
      const truncated = await verifyChain(auditPages(store, 2), head);
      expect(truncated).toMatchObject({ ok: false, seq: 3, events: 2 });
      expect(truncated.ok === false && truncated.problem).toMatch(/rows at the end were deleted/);
    } finally {
      await open.close();
      await db.drop();
    }
  });
});
