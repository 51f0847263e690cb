import { and, asc, desc, eq } from 'drizzle-orm';
import type { LocalOutbox } from '../platforms/local/index.ts';
import { runRaw, Statement } from './batch-sql.ts';
import type { Db } from './db.ts';
import { localMessages } from './schema.ts';

type Message = typeof localMessages.$inferInsert;
interface Pending {
  message: Message;
  resolve: (id: string) => void;
  reject: (e: unknown) => void;
}

/**
 * Inserts that arrive while one is in flight go out together in the next multi-row insert (one round trip
 * and one commit for many posts); each caller's promise settles after its row committed. If a batch
 * fails, its rows are inserted one by one so each caller gets its own outcome.
 */
function batchedInsert(db: Db): (m: Message) => Promise<string> {
  const queue: Pending[] = [];
  let running = false;
  const insertRows = (rows: Message[]) => {
    const st = new Statement();
    return runRaw(db, st.insert(localMessages, rows), st.params);
  };
  const one = async (p: Pending) => {
    try {
      await insertRows([p.message]);
      p.resolve(p.message.id);
    } catch (e) {
      p.reject(e);
    }
  };
  const drain = async () => {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, 200);
        if (batch.length === 1) {
          await one(batch[0]!);
          continue;
        }
        try {
          await insertRows(batch.map((p) => p.message));
        } catch {
          for (const p of batch) await one(p);
          continue;
        }
        for (const p of batch) p.resolve(p.message.id);
      }
    } finally {
      running = false;
    }
  };
  return (message) =>
    new Promise<string>((resolve, reject) => {
      queue.push({ message, resolve, reject });
      if (!running) void drain();
    });
}

/**
 * Stores the local platform's messages. Every insert is a new row (a delivery): a post delivered twice
 * shows as two rows, as it would on Slack. Cards and notices are updated in place by id.
 */
export function createLocalOutbox(db: Db): LocalOutbox {
  const insert = batchedInsert(db);
  return {
    insert: (m) => insert(m),
    update: async (id, patch) =>
      (
        await db
          .update(localMessages)
          .set(patch)
          .where(eq(localMessages.id, id))
          .returning({ id: localMessages.id })
      ).length > 0,
    get: async (id) => (await db.select().from(localMessages).where(eq(localMessages.id, id)))[0] ?? null,
    list: async ({ channel, thread, type, actionId, recipient, limit, oldestFirst }) =>
      db
        .select()
        .from(localMessages)
        .where(
          and(
            channel ? eq(localMessages.channel, channel) : undefined,
            thread ? eq(localMessages.thread, thread) : undefined,
            type ? eq(localMessages.type, type) : undefined,
            actionId ? eq(localMessages.actionId, actionId) : undefined,
            recipient ? eq(localMessages.recipient, recipient) : undefined,
          ),
        )
        .orderBy(oldestFirst ? asc(localMessages.createdAt) : desc(localMessages.createdAt))
        .limit(limit ?? 100),
  };
}
