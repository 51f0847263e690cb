import { and, desc, eq } from 'drizzle-orm';
import type { LocalOutbox } from '../platforms/local/index.ts';
import type { Db } from './db.ts';
import { localMessages } from './schema.ts';

/** Stores the local platform's messages. One row per (type, action): a retried publish updates, never duplicates. */
export function createLocalOutbox(db: Db): LocalOutbox {
  return {
    upsert: async (m) => {
      const rows = await db
        .insert(localMessages)
        .values(m)
        .onConflictDoUpdate({
          target: [localMessages.type, localMessages.actionId],
          set: { text: m.text, data: m.data, updatedAt: m.updatedAt },
        })
        .returning({ id: localMessages.id });
      return rows[0]?.id ?? m.id;
    },
    list: async ({ actionId, channel, thread, type, limit }) =>
      db
        .select()
        .from(localMessages)
        .where(
          and(
            actionId ? eq(localMessages.actionId, actionId) : undefined,
            channel ? eq(localMessages.channel, channel) : undefined,
            thread ? eq(localMessages.thread, thread) : undefined,
            type ? eq(localMessages.type, type) : undefined,
          ),
        )
        .orderBy(desc(localMessages.createdAt))
        .limit(limit ?? 100),
  };
}
