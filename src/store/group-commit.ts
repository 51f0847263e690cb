// Group commit. Every write transaction extends the audit hash chain, so writers queue on the chain's
// head row; one transaction per action would cap throughput at 1 / (lock hold time). Instead, callers'
// transaction functions that arrive while a batch is in flight run together in the next batch, with
// one commit. Each function still sees its own writes and the earlier ones'. If any function in a batch
// throws, the batch rolls back and each function is re-run alone, so every caller gets exactly its own
// outcome. Transaction functions must only touch the database (they may run twice), which is how the
// pipeline uses them: platform calls happen outside transactions. A caller's promise settles only after
// its batch committed (or failed): an HTTP ack never precedes the commit.
//
// Round trips. Inserts of new actions, upserts of action refs and audit events are buffered and written
// at the end by ONE statement (data-modifying CTEs) that also moves the chain head, so a batch is
// begin, lock the head, the functions' own statements, that statement, commit. A batch whose functions
// only buffer writes (staging a new action) needs no transaction at all: its one statement is atomic on
// its own (one round trip, one commit). It does not read the head first: this process remembers the
// head it last committed, and the statement moves it only from there (`where seq = remembered`), taking
// the head's row lock before it inserts anything. If another process appended meanwhile, the batch's
// first event collides with that process's row on the audit_events primary key, so the statement
// writes nothing, and the batch re-runs in a transaction with the head read under `for update`.
//
// Two batches in flight. The next batch does not wait for the previous statement's answer: it is built
// on the head that statement will leave and sent on another connection, where it waits on the head's
// row lock. If the previous one failed, the head is not what the next one expects, so it writes
// nothing either and re-runs in a transaction. The head check, not the order of sending, keeps the chain
// gapless, exactly as between processes.
//
// Local platform deliveries (`local_messages` rows) are buffered too and written by the same statement,
// so a delivery commits with the `published` record it belongs to.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { hashEvent } from '../governance/audit/chain.ts';
import { runRaw, Statement } from './batch-sql.ts';
import type { AuditEvent, NewAuditEvent } from '../governance/model.ts';
import type { Repos } from '../governance/ports.ts';
import type { Db } from './db.ts';
import { actionRefs, actions, auditEvents, auditHead, localMessages } from './schema.ts';

export interface ChainHead {
  seq: number;
  hash: string;
}

/** Thrown by the buffer when a function issues a real statement in a batch run without a transaction. */
class NeedsTransaction extends Error {
  constructor() {
    super('this batch needs a transaction');
  }
}

/** The head moved under a remembered value (another process appended): re-run with the head locked. */
class HeadMoved extends Error {
  constructor() {
    super('the audit chain head moved (another process appended); retrying with the head locked');
  }
}

type ActionRow = typeof actions.$inferInsert;
type RefRow = typeof actionRefs.$inferInsert;
type MessageRow = typeof localMessages.$inferInsert;

const ACTION_CHUNK = 200;
const AUDIT_CHUNK = 500;
const REF_CHUNK = 500;
const MESSAGE_CHUNK = 200;

/**
 * Writes buffered for one batch. In a transaction (`tx` set) a function's real statements run at once,
 * after the buffered action inserts (`barrier`) so it reads its own and earlier writes. Without one,
 * a real statement throws NeedsTransaction and the batch is re-run in a transaction.
 */
export class AuditBuffer {
  private seq: number;
  private hash: string;
  private readonly pending: AuditEvent[] = [];
  private readonly newActions: ActionRow[] = [];
  private readonly refs = new Map<string, RefRow>();
  private readonly messages: MessageRow[] = [];
  private readonly updates: Array<{ id: string; set: Partial<ActionRow>; where: SQL }> = [];

  private constructor(
    private readonly db: Db,
    private readonly inTransaction: boolean,
    private readonly base: ChainHead,
    private readonly locked: boolean,
  ) {
    this.seq = base.seq;
    this.hash = base.hash;
  }

  /** A buffer over a remembered head, for the statement-only attempt (no transaction). */
  static over(db: Db, head: ChainHead): AuditBuffer {
    return new AuditBuffer(db, false, head, false);
  }

  /** Reads and locks the head: appenders in other transactions (other processes) wait for our commit. */
  static async lock(tx: Db): Promise<AuditBuffer> {
    const head = (await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update'))[0];
    if (!head) throw new Error('audit_head row missing: run `airlock migrate`');
    return new AuditBuffer(tx, true, { seq: head.seq, hash: head.hash }, true);
  }

  /** The head after this buffer's events are written. */
  get head(): ChainHead {
    return { seq: this.seq, hash: this.hash };
  }

  append(event: NewAuditEvent, at: Date): AuditEvent {
    const base = {
      seq: this.seq + 1,
      at,
      actor: event.actor,
      type: event.type,
      actionId: event.actionId,
      data: event.data,
    };
    const full: AuditEvent = { ...base, prevHash: this.hash, hash: hashEvent(this.hash, base) };
    this.pending.push(full);
    this.seq = full.seq;
    this.hash = full.hash;
    return full;
  }

  deferActionInsert(row: ActionRow): void {
    this.newActions.push(row);
  }

  /** True when writes are being buffered for one statement without a transaction. */
  get deferring(): boolean {
    return !this.inTransaction;
  }

  /**
   * A compare-and-set update of an existing action, written with the batch's statement; the statement
   * fails as a whole (writing nothing) if `where` matches no row, and the batch re-runs in a transaction
   * where the update runs at once. Two updates of one action in a batch need that transaction too.
   */
  deferActionUpdate(id: string, set: Partial<ActionRow>, where: SQL): void {
    if (
      this.inTransaction ||
      this.updates.some((u) => u.id === id) ||
      this.newActions.some((a) => a.id === id)
    )
      throw new NeedsTransaction();
    this.updates.push({ id, set, where });
  }

  /** A local platform delivery: written with the batch's statement, so it commits with its record. */
  deferMessageInsert(row: MessageRow): void {
    this.messages.push(row);
  }

  deferRefPut(row: RefRow): void {
    // One statement cannot upsert the same key twice: the later put wins, as it would have.
    const key = `${row.actionId}\u0000${row.kind}`;
    this.refs.delete(key);
    this.refs.set(key, row);
  }

  /** Runs before any real statement: buffered action inserts first (read-your-writes). */
  async barrier(opts: { refs?: boolean } = {}): Promise<void> {
    if (!this.inTransaction) throw new NeedsTransaction();
    if (this.newActions.length === 0 && !(opts.refs && this.refs.size > 0)) return;
    const st = new Statement();
    const parts = this.writes(st, false, opts.refs === true, false);
    if (parts.length > 0) await runRaw(this.db, statement(parts, '0'), st.params);
  }

  /**
   * Writes everything buffered, and moves the head, in one statement. `before` settles when the batch
   * whose head this one was built on has finished: if this statement reached the head's row lock first
   * (the two go out on different connections), it finds the head behind the one it expects, writes
   * nothing, waits for that batch and tries once more.
   */
  async flush(before?: Promise<unknown>): Promise<void> {
    const st = new Statement();
    const hasEvents = this.pending.length > 0;
    const checks: string[] = hasEvents ? ['(select count(*) from h) = 1'] : [];
    for (let i = 0; i < this.updates.length; i++) checks.push(`(select count(*) from u${i}) = 1`);
    const behindCheck = hasEvents && !this.locked;
    const parts = this.writes(st, hasEvents, true, true);
    if (parts.length === 0) return;
    // A failed check must undo the whole statement, so it raises an error (a cast of a text that is no
    // number; from a subquery, so the planner cannot fold it into an error at plan time).
    const result =
      checks.length === 0
        ? '1'
        : behindCheck
          ? `case when ${checks.join(' and ')} then 1 when (select "seq" from l) < ${st.param(this.base.seq)} then (select ${st.param(HEAD_BEHIND)}::text)::int else (select ${st.param(MISMATCH)}::text)::int end`
          : `case when ${checks.join(' and ')} then 1 else (select ${st.param(MISMATCH)}::text)::int end`;
    const text = statement(parts, result);
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await runRaw(this.db, text, st.params);
    } catch (e) {
      if (!before || !mentions(e, HEAD_BEHIND)) throw e;
      await before.catch(() => {});
      rows = await runRaw(this.db, text, st.params);
    }
    // The statement cannot have committed with a moved head: the events' first seq is taken by then
    // (primary key), which fails the statement. Zero rows here would mean the chain is damaged.
    if (Number(rows[0]?.['n'] ?? 0) !== 1) throw new HeadMoved();
  }

  private writes(st: Statement, withHead: boolean, withRefs: boolean, withMessages: boolean): string[] {
    const parts: string[] = [];
    if (withHead) {
      if (this.locked) {
        parts.push(
          `h as (update "audit_head" set "seq" = ${st.param(this.seq)}, "hash" = ${st.param(this.hash)} where "id" = 1 returning "seq")`,
        );
      } else {
        // Lock the head row first and compare the remembered head with its NEWEST version. A
        // `where seq = remembered` on the update itself would be checked against the statement's
        // snapshot: a statement sent while the batch before it is still committing would see the old
        // head, match nothing, and fail at once instead of waiting for that commit. `for update` waits
        // for the row lock and then reads the row as committed, so the second batch in flight succeeds.
        parts.push(
          'l as (select "seq", "hash" from "audit_head" where "id" = 1 for update)',
          `h as (update "audit_head" set "seq" = ${st.param(this.seq)}, "hash" = ${st.param(this.hash)} from l where "audit_head"."id" = 1 and l."seq" = ${st.param(this.base.seq)} and l."hash" = ${st.param(this.base.hash)} returning "audit_head"."seq")`,
        );
      }
    }
    // Updates first, each behind the head (`exists (select 1 from h)`): every process locks the head
    // before any action row, so two of them never wait on each other in opposite order.
    const updates = this.updates.splice(0);
    for (const [i, u] of updates.entries()) {
      const where = withHead ? and(u.where, sql`exists (select 1 from h)`) : u.where;
      const q = this.db.update(actions).set(u.set).where(where).returning({ id: actions.id }).toSQL();
      parts.push(`u${i} as (${st.embed(q)})`);
    }
    const newActions = this.newActions.splice(0);
    for (let i = 0; i < newActions.length; i += ACTION_CHUNK)
      parts.push(`a${i} as (${st.insert(actions, newActions.slice(i, i + ACTION_CHUNK))})`);
    if (withHead) {
      const events = this.pending.splice(0);
      for (let i = 0; i < events.length; i += AUDIT_CHUNK)
        parts.push(
          `e${i} as (${st.insert(auditEvents, events.slice(i, i + AUDIT_CHUNK) as unknown as Record<string, unknown>[])})`,
        );
    }
    if (withRefs && this.refs.size > 0) {
      const refs = [...this.refs.values()];
      this.refs.clear();
      for (let i = 0; i < refs.length; i += REF_CHUNK)
        parts.push(`r${i} as (${st.insert(actionRefs, refs.slice(i, i + REF_CHUNK), REF_UPSERT)})`);
    }
    if (withMessages && this.messages.length > 0) {
      const messages = this.messages.splice(0);
      for (let i = 0; i < messages.length; i += MESSAGE_CHUNK)
        parts.push(`m${i} as (${st.insert(localMessages, messages.slice(i, i + MESSAGE_CHUNK))})`);
    }
    return parts;
  }
}

/** A later put of the same (action, kind) replaces the ref, as `refs.put` does. */
const REF_UPSERT =
  ' on conflict ("action_id", "kind") do update set "ref" = excluded."ref", "platform" = excluded."platform", "updated_at" = excluded."updated_at"';

const MISMATCH = 'airlock: a batched compare-and-set or the audit head did not match';
const HEAD_BEHIND =
  'airlock: the audit head is behind this batch (the batch before it has not committed yet)';

/** Does the error (or its cause: drizzle wraps the driver's) carry this message? */
function mentions(e: unknown, text: string): boolean {
  for (let cur = e, depth = 0; cur instanceof Error && depth < 4; cur = cur.cause, depth++)
    if (cur.message.includes(text)) return true;
  return false;
}

const statement = (parts: string[], result: string): string =>
  `with ${parts.join(', ')} select (${result})::int as n`;

type TxFn = (tx: Repos) => Promise<unknown>;
interface Item {
  fn: TxFn;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private readonly queue: Item[] = [];
  private inFlight = 0;
  /** A batch is running its functions; the next one waits for the head they leave. */
  private building = false;
  /**
   * The head as of this process's last commit, or the one the batch in flight will leave if it commits;
   * null when unknown (start, after any failure).
   */
  private head: ChainHead | null = null;
  /** Settles when the batch that left `head` (as a prediction) has finished, committed or not. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly reposFor: (tx: Db, audit: AuditBuffer) => Repos,
    private readonly maxBatch = 100,
    /**
     * Batches whose statements may be in flight at once. The next batch is built on the head the one in
     * flight will leave and sent at once; in PostgreSQL it waits on the head's row lock until that one
     * commits, then moves the head only if it is exactly that (else it writes nothing and re-runs in a
     * transaction, like a batch that met another process's append).
     */
    private readonly maxInFlight = 2,
  ) {}

  run<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (!this.building && this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.building = true;
      let released = false;
      const built = () => {
        if (released) return;
        released = true;
        this.building = false;
        this.pump();
      };
      void this.runBatch(batch, built).finally(() => {
        this.inFlight--;
        built();
        this.pump();
      });
    }
  }

  /**
   * Statement only (no transaction) when every function just buffers; else one transaction. `built` is
   * called once the batch no longer needs to be the newest (its writes are buffered and the head it will
   * leave is remembered, or it goes to a transaction that reads the head).
   */
  private async exec(fns: TxFn[], built: (() => void) | null): Promise<unknown[]> {
    const head = built ? this.head : null;
    const before = this.tail;
    if (head && built) {
      const audit = AuditBuffer.over(this.db, head);
      const repos = this.reposFor(this.db, audit);
      let results: unknown[] | null = [];
      for (const fn of fns) {
        try {
          results.push(await fn(repos));
        } catch (e) {
          if (!(e instanceof NeedsTransaction)) {
            built();
            throw e;
          }
          results = null;
          break;
        }
      }
      if (results) {
        this.head = audit.head;
        const settled = this.predict();
        built();
        try {
          await audit.flush(before);
        } catch {
          // Whether another process moved the head, an earlier batch in flight failed, or a row
          // collided, the statement wrote nothing: run again in a transaction with the head locked; a
          // real conflict then fails there, one by one. Every batch built since was built on this one's
          // head and fails its head check the same way, so the head is unknown until a transaction reads it.
          this.head = null;
          return this.execInTransaction(fns, null);
        } finally {
          settled();
        }
        return results;
      }
    }
    if (built) this.head = null;
    return this.execInTransaction(fns, built);
  }

  /**
   * The head is locked first, as every transaction of every process does: a transaction that locked
   * action rows and then waited for the head could deadlock with one holding the head.
   *
   * While this batch is the newest (`built` not yet called), it keeps that role until its functions
   * have run under the lock: then the head it will leave is known, and the next batch is built on it
   * and sent at once (it waits on the head's row lock until this transaction commits, and writes nothing
   * if this one rolls back). Without that, a batch that had to take the transaction path would leave
   * the head unknown, and under steady load every later batch would take it too.
   */
  private async execInTransaction(fns: TxFn[], built: (() => void) | null): Promise<unknown[]> {
    let settled = null as (() => void) | null;
    try {
      return await this.db.transaction(async (tx) => {
        const audit = await AuditBuffer.lock(tx);
        const repos = this.reposFor(tx, audit);
        const out: unknown[] = [];
        for (const fn of fns) out.push(await fn(repos));
        if (built) {
          // Still the newest batch: the next one may be built on the head this one will leave.
          this.head = audit.head;
          settled = this.predict();
          built();
        }
        await audit.flush();
        return out;
      });
    } catch (e) {
      // Every batch built since was built on the head this one would have left.
      if (settled) this.head = null;
      throw e;
    } finally {
      built?.();
      settled?.();
    }
  }

  /** This batch's head is now the one to build on: the next batch waits for it if it overtakes it. */
  private predict(): () => void {
    let settle!: () => void;
    this.tail = new Promise<void>((r) => {
      settle = r;
    });
    return settle;
  }

  private async runAlone(item: Item, built: (() => void) | null): Promise<void> {
    try {
      item.resolve((await this.exec([item.fn], built))[0]);
    } catch (e) {
      item.reject(e);
    }
  }

  private async runBatch(batch: Item[], built: () => void): Promise<void> {
    if (batch.length === 1) return this.runAlone(batch[0]!, built);
    let results: unknown[];
    try {
      results = await this.exec(
        batch.map((i) => i.fn),
        built,
      );
    } catch {
      // One by one, each in its own transaction (not the newest batch any more: no head prediction).
      for (const item of batch) await this.runAlone(item, null);
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(results[i]);
  }
}
