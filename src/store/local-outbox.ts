import { and, asc, desc, eq } from 'drizzle-orm';
import type { LocalOutbox } from '../platforms/local/index.ts';
import type { Db } from './db.ts';
import { localMessages } from './schema.ts';

/**
 * Stores the local platform's messages. Every insert is a new row (a delivery): a post delivered twice
 * shows as two rows, as it would on Slack. Cards and notices are updated in place by id.
 */
export function createLocalOutbox(db: Db): LocalOutbox {
  return {
    insert: async (m) => {
      await db.insert(localMessages).values(m);
      return m.id;
    },
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
