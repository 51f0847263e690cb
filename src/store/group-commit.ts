// Group commit. Every write transaction extends the audit hash chain, so writers queue on the chain's
// head row; one transaction per action would cap throughput at 1 / (lock hold time). Instead, callers'
// transaction functions that arrive while a batch is in flight run together in the next database
// transaction: the head is locked once, audit events are buffered and written with one multi-row
// insert, and there is one commit. Each function still sees its own writes and the earlier ones'.
// If any function in a batch throws, the batch rolls back and each function is re-run alone, so every
// caller gets exactly its own outcome. Transaction functions must only touch the database (they may
// run twice), which is how the pipeline uses them: platform calls happen outside transactions.
import { eq } from 'drizzle-orm';
import { hashEvent } from '../governance/audit/chain.ts';
import type { AuditEvent, NewAuditEvent } from '../governance/model.ts';
import type { Repos } from '../governance/ports.ts';
import type { Db } from './db.ts';
import { actions, auditEvents, auditHead } from './schema.ts';

/**
 * Writes inside one batched transaction. The audit head is locked on creation and events go out on
 * flush; new actions are inserted together too (one multi-row insert), but before any other statement
 * of the transaction runs (`barrier`), so every function still reads its own and earlier writes.
 */
export class AuditBuffer {
  private seq = 0;
  private hash = '';
  private readonly pending: AuditEvent[] = [];
  private readonly newActions: Array<typeof actions.$inferInsert> = [];

  private constructor(private readonly tx: Db) {}

  static async lock(tx: Db): Promise<AuditBuffer> {
    const b = new AuditBuffer(tx);
    // Appenders in other transactions (other workers) wait here until this one commits.
    const head = (await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update'))[0];
    if (!head) throw new Error('audit_head row missing: run `airlock migrate`');
    b.seq = head.seq;
    b.hash = head.hash;
    return b;
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

  deferActionInsert(row: typeof actions.$inferInsert): void {
    this.newActions.push(row);
  }

  /** Runs before any statement other than a deferred insert. */
  async barrier(): Promise<void> {
    if (this.newActions.length === 0) return;
    const rows = this.newActions.splice(0);
    for (let i = 0; i < rows.length; i += 200) await this.tx.insert(actions).values(rows.slice(i, i + 200));
  }

  async flush(): Promise<void> {
    await this.barrier();
    if (this.pending.length === 0) return;
    for (let i = 0; i < this.pending.length; i += 500) {
      await this.tx.insert(auditEvents).values(this.pending.slice(i, i + 500));
    }
    await this.tx.update(auditHead).set({ seq: this.seq, hash: this.hash }).where(eq(auditHead.id, 1));
    this.pending.length = 0;
  }
}

type TxFn = (tx: Repos) => Promise<unknown>;
interface Item {
  fn: TxFn;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private readonly queue: Item[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly reposFor: (tx: Db, audit: AuditBuffer) => Repos,
    private readonly maxBatch = 100,
  ) {}

  run<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        if (batch.length === 1) await this.runAlone(batch[0]!);
        else await this.runBatch(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private exec(fns: TxFn[]): Promise<unknown[]> {
    return this.db.transaction(async (tx) => {
      const audit = await AuditBuffer.lock(tx);
      const repos = this.reposFor(tx, audit);
      const results: unknown[] = [];
      for (const fn of fns) results.push(await fn(repos));
      await audit.flush();
      return results;
    });
  }

  private async runAlone(item: Item): Promise<void> {
    try {
      item.resolve((await this.exec([item.fn]))[0]);
    } catch (e) {
      item.reject(e);
    }
  }

  private async runBatch(batch: Item[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.exec(batch.map((i) => i.fn));
    } catch {
      for (const item of batch) await this.runAlone(item);
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(results[i]);
  }
}
