// The Slack adapter's installations over drizzle (same SQL on PGlite and PostgreSQL).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { SlackInstallationRepo, SlackInstallationRow } from '../platforms/slack/installations.ts';
import type { Db } from './db.ts';
import { wrapStoreError } from './index.ts';
import { slackInstallations, slackWorkspaceOf } from './schema.ts';

const fromRow = (r: typeof slackInstallations.$inferSelect): SlackInstallationRow => ({ ...r });

const guarded =
  <A extends unknown[], T>(fn: (...a: A) => Promise<T>) =>
  (...a: A): Promise<T> =>
    fn(...a).catch((e: unknown) => {
      throw wrapStoreError(e);
    });

export function createSlackInstallations(db: Db): SlackInstallationRepo {
  return {
    save: guarded(async (row, at) => {
      await db
        .insert(slackInstallations)
        .values({ ...row, installedAt: at, updatedAt: at, revokedAt: null })
        .onConflictDoUpdate({
          target: slackInstallations.id,
          set: { ...row, updatedAt: at, revokedAt: null },
        });
    }),
    get: guarded(async (id) => {
      const rows = await db.select().from(slackInstallations).where(eq(slackInstallations.id, id));
      return rows[0] ? fromRow(rows[0]) : null;
    }),
    active: guarded(async () =>
      (
        await db
          .select()
          .from(slackInstallations)
          .where(isNull(slackInstallations.revokedAt))
          .orderBy(asc(slackInstallations.installedAt))
      ).map(fromRow),
    ),
    revoke: guarded(
      async (id, at) =>
        (
          await db
            .update(slackInstallations)
            .set({ revokedAt: at, updatedAt: at })
            .where(and(eq(slackInstallations.id, id), isNull(slackInstallations.revokedAt)))
            .returning({ id: slackInstallations.id })
        ).length > 0 ||
        (await db.select().from(slackInstallations).where(eq(slackInstallations.id, id))).length > 0,
    ),
    remember: guarded(async (kind, key, installationId, at) => {
      await db
        .insert(slackWorkspaceOf)
        .values({ kind, key, installationId, updatedAt: at })
        .onConflictDoUpdate({
          target: [slackWorkspaceOf.kind, slackWorkspaceOf.key],
          set: { installationId, updatedAt: at },
        });
    }),
    workspaceOf: guarded(async (kind, key) => {
      const rows = await db
        .select({ id: slackWorkspaceOf.installationId })
        .from(slackWorkspaceOf)
        .where(and(eq(slackWorkspaceOf.kind, kind), eq(slackWorkspaceOf.key, key)));
      return rows[0]?.id ?? null;
    }),
  };
}
