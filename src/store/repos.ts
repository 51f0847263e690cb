// Repositories implementing the domain's Store port over drizzle. The same code serves a top-level
// database handle and a transaction handle.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Repos } from '../governance/ports.ts';
import type { Db } from './db.ts';
import type { AuditBuffer } from './group-commit.ts';
import {
  actionFromRow,
  actionPatchToRow,
  isPersistedPatch,
  actionToRow,
  agentFromRow,
  auditFromRow,
  requestFromRow,
  requestToRow,
  reviewerFromRow,
  reviewFromRow,
} from './mappers.ts';
import * as s from './schema.ts';

const first = <T>(rows: T[]): T | null => rows[0] ?? null;

/**
 * `audit` is the transaction's chain buffer; without one (outside a transaction) an append runs in a
 * transaction of its own through `runTx`.
 */
export function createRepos(
  db: Db,
  audit: AuditBuffer | null,
  runTx: <T>(fn: (tx: Repos) => Promise<T>) => Promise<T>,
): Repos {
  const repos: Repos = {
    agents: {
      insert: async (a, tokenHash) => {
        await db.insert(s.agents).values({ ...a, tokenHash });
      },
      setPaused: async (id, at, reason) =>
        first(
          (
            await db
              .update(s.agents)
              .set({ pausedAt: at, pauseReason: at ? reason : null })
              .where(eq(s.agents.id, id))
              .returning()
          ).map(agentFromRow),
        ),
      get: async (id) =>
        first((await db.select().from(s.agents).where(eq(s.agents.id, id))).map(agentFromRow)),
      byName: async (name) =>
        first((await db.select().from(s.agents).where(eq(s.agents.name, name))).map(agentFromRow)),
      byTokenHash: async (h) =>
        first((await db.select().from(s.agents).where(eq(s.agents.tokenHash, h))).map(agentFromRow)),
      list: async () => (await db.select().from(s.agents).orderBy(asc(s.agents.createdAt))).map(agentFromRow),
      revoke: async (id, at) =>
        (
          await db
            .update(s.agents)
            .set({ revokedAt: at })
            .where(eq(s.agents.id, id))
            .returning({ id: s.agents.id })
        ).length > 0,
    },
    reviewers: {
      insert: async (r, tokenHash) => {
        await db.insert(s.reviewers).values({ ...r, tokenHash });
      },
      get: async (id) =>
        first((await db.select().from(s.reviewers).where(eq(s.reviewers.id, id))).map(reviewerFromRow)),
      byName: async (name) =>
        first((await db.select().from(s.reviewers).where(eq(s.reviewers.name, name))).map(reviewerFromRow)),
      byTokenHash: async (h) =>
        first((await db.select().from(s.reviewers).where(eq(s.reviewers.tokenHash, h))).map(reviewerFromRow)),
      byIdentity: async (platform, userId) =>
        first(
          (
            await db
              .select()
              .from(s.reviewers)
              .where(sql`${s.reviewers.identities} ->> ${platform} = ${userId}`)
              .limit(1)
          ).map(reviewerFromRow),
        ),
      list: async () =>
        (await db.select().from(s.reviewers).orderBy(asc(s.reviewers.createdAt))).map(reviewerFromRow),
      revoke: async (id, at) =>
        (
          await db
            .update(s.reviewers)
            .set({ revokedAt: at })
            .where(eq(s.reviewers.id, id))
            .returning({ id: s.reviewers.id })
        ).length > 0,
    },
    requests: {
      insert: async (r, event) => {
        await db.insert(s.requests).values(requestToRow(r, event));
      },
      get: async (id) =>
        first((await db.select().from(s.requests).where(eq(s.requests.id, id))).map(requestFromRow)),
      byEvent: async (platform, eventId) =>
        first(
          (
            await db
              .select()
              .from(s.requests)
              .where(and(eq(s.requests.eventPlatform, platform), eq(s.requests.eventId, eventId)))
          ).map(requestFromRow),
        ),
      listForAgent: async (agentId, { limit, since }) =>
        (
          await db
            .select()
            .from(s.requests)
            .where(and(eq(s.requests.agentId, agentId), since ? gte(s.requests.createdAt, since) : undefined))
            .orderBy(desc(s.requests.createdAt))
            .limit(limit)
        ).map(requestFromRow),
    },
    actions: {
      insert: async (a) => {
        if (audit) audit.deferActionInsert(actionToRow(a));
        else await db.insert(s.actions).values(actionToRow(a));
      },
      get: async (id) =>
        first((await db.select().from(s.actions).where(eq(s.actions.id, id))).map(actionFromRow)),
      byIdempotencyKey: async (agentId, key) =>
        first(
          (
            await db
              .select()
              .from(s.actions)
              .where(and(eq(s.actions.agentId, agentId), eq(s.actions.idempotencyKey, key)))
          ).map(actionFromRow),
        ),
      list: async ({ status, agentId, limit }) =>
        (
          await db
            .select()
            .from(s.actions)
            .where(
              and(
                status ? eq(s.actions.status, status) : undefined,
                agentId ? eq(s.actions.agentId, agentId) : undefined,
              ),
            )
            .orderBy(desc(s.actions.createdAt))
            .limit(Math.min(limit ?? 100, 1000))
        ).map(actionFromRow),
      update: async (id, from, patch, guard, current) => {
        const where = and(
          eq(s.actions.id, id),
          inArray(s.actions.status, [...from]),
          guard?.nextAttemptAt === undefined
            ? undefined
            : guard.nextAttemptAt === null
              ? isNull(s.actions.nextAttemptAt)
              : eq(s.actions.nextAttemptAt, guard.nextAttemptAt),
          guard?.contentHash === undefined ? undefined : eq(s.actions.contentHash, guard.contentHash),
          guard?.unset === 'remindedAt' ? isNull(s.actions.remindedAt) : undefined,
          guard?.unset === 'escalatedAt' ? isNull(s.actions.escalatedAt) : undefined,
        );
        const set = actionPatchToRow(patch);
        if (audit?.deferring && current && isPersistedPatch(patch)) {
          // Written with the batch's one statement; it only holds if the row is exactly as the caller
          // read it (updated_at), so the row returned here is the one the database now has.
          audit.deferActionUpdate(id, set, and(where, eq(s.actions.updatedAt, current.updatedAt))!);
          return { ...current, ...patch };
        }
        return first((await db.update(s.actions).set(set).where(where).returning()).map(actionFromRow));
      },
      expiring: async (now, limit) =>
        (
          await db
            .select()
            .from(s.actions)
            .where(and(inArray(s.actions.status, ['held', 'approved']), lte(s.actions.expiresAt, now)))
            .orderBy(asc(s.actions.expiresAt))
            .limit(limit)
        ).map(actionFromRow),
      remindable: async (before, limit) =>
        (
          await db
            .select()
            .from(s.actions)
            .where(
              and(
                eq(s.actions.status, 'held'),
                isNull(s.actions.remindedAt),
                lte(s.actions.expiresAt, before),
              ),
            )
            .orderBy(asc(s.actions.expiresAt))
            .limit(limit)
        ).map(actionFromRow),
      escalatable: async (before, limit) =>
        (
          await db
            .select()
            .from(s.actions)
            .where(
              and(
                eq(s.actions.status, 'held'),
                isNull(s.actions.escalatedAt),
                lte(s.actions.createdAt, before),
              ),
            )
            .orderBy(asc(s.actions.createdAt))
            .limit(limit)
        ).map(actionFromRow),
      claimDue: async (now, leaseUntil, limit) =>
        // Select-then-update in one transaction: `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP
        // LOCKED)` may re-run the subquery and claim more than n rows.
        db.transaction(async (t) => {
          const ids = (
            await t
              .select({ id: s.actions.id })
              .from(s.actions)
              .where(and(eq(s.actions.status, 'publishing'), lte(s.actions.nextAttemptAt, now)))
              .orderBy(asc(s.actions.nextAttemptAt))
              .limit(limit)
              .for('update', { skipLocked: true })
          ).map((r) => r.id);
          if (ids.length === 0) return [];
          return (
            await t
              .update(s.actions)
              .set({ nextAttemptAt: leaseUntil })
              .where(and(inArray(s.actions.id, ids), eq(s.actions.status, 'publishing')))
              .returning()
          ).map(actionFromRow);
        }),
      countByStatus: async () => {
        const rows = await db
          .select({ status: s.actions.status, n: sql<number>`count(*)::int` })
          .from(s.actions)
          .groupBy(s.actions.status);
        return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      },
    },
    reviews: {
      insert: async (r) => {
        await db.insert(s.reviews).values(r);
      },
      forAction: async (actionId) =>
        (
          await db
            .select()
            .from(s.reviews)
            .where(eq(s.reviews.actionId, actionId))
            .orderBy(asc(s.reviews.createdAt))
        ).map(reviewFromRow),
    },
    grants: {
      insert: async (g) => {
        await db.insert(s.requestGrants).values(g);
      },
      forRequest: async (requestId) =>
        db
          .select()
          .from(s.requestGrants)
          .where(eq(s.requestGrants.requestId, requestId))
          .orderBy(asc(s.requestGrants.createdAt)),
    },
    refs: {
      put: async (actionId, kind, platform, ref, at) => {
        if (audit) {
          audit.deferRefPut({ actionId, kind, platform, ref, createdAt: at, updatedAt: at });
          return;
        }
        // Through the group committer: concurrent puts share one statement and one commit.
        return runTx((tx) => tx.refs.put(actionId, kind, platform, ref, at));
      },
      get: async (actionId, kind) =>
        first(
          await db
            .select({ ref: s.actionRefs.ref })
            .from(s.actionRefs)
            .where(and(eq(s.actionRefs.actionId, actionId), eq(s.actionRefs.kind, kind))),
        )?.ref ?? null,
    },
    outbox: {
      insert: async (m) => {
        if (audit) {
          audit.deferMessageInsert(m);
          return;
        }
        await runTx((tx) => tx.outbox.insert(m));
      },
    },
    interactions: {
      seen: async (platform, interactionId) =>
        (
          await db
            .select({ id: s.platformInteractions.interactionId })
            .from(s.platformInteractions)
            .where(
              and(
                eq(s.platformInteractions.platform, platform),
                eq(s.platformInteractions.interactionId, interactionId),
              ),
            )
        ).length > 0,
      record: async (platform, interactionId, actionId, at) =>
        (
          await db
            .insert(s.platformInteractions)
            .values({ platform, interactionId, actionId, createdAt: at })
            .onConflictDoNothing()
            .returning({ id: s.platformInteractions.interactionId })
        ).length > 0,
    },
    audit: {
      append: async (event, at) =>
        audit ? audit.append(event, at) : runTx((tx) => tx.audit.append(event, at)),
      page: async (afterSeq, limit) =>
        (
          await db
            .select()
            .from(s.auditEvents)
            .where(gt(s.auditEvents.seq, afterSeq))
            .orderBy(asc(s.auditEvents.seq))
            .limit(limit)
        ).map(auditFromRow),
      firstSeqSince: async (at) => {
        const row = first(
          await db
            .select({ seq: s.auditEvents.seq })
            .from(s.auditEvents)
            .where(gte(s.auditEvents.at, at))
            .orderBy(asc(s.auditEvents.seq))
            .limit(1),
        );
        return row ? row.seq : null;
      },
      head: async () => {
        const head = first(await db.select().from(s.auditHead).where(eq(s.auditHead.id, 1)));
        return head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: '0'.repeat(64) };
      },
    },
  };
  return audit ? withBarrier(repos, audit) : repos;
}

/**
 * In a batch, buffered writes go out before any other statement (read-your-writes): new actions before
 * everything, ref upserts before refs are read.
 */
function withBarrier(repos: Repos, buffer: AuditBuffer): Repos {
  return wrapRepoMethods(repos, (name, method, fn) =>
    name === 'actions' && method === 'update'
      ? async (...args) => {
          // An update that names the row it expects may be buffered (see `update`).
          if (!(buffer.deferring && args[4])) await buffer.barrier();
          return fn(...args);
        }
      : (name === 'actions' && method === 'insert') ||
          (name === 'audit' && method === 'append') ||
          (name === 'outbox' && method === 'insert') ||
          (name === 'refs' && method === 'put')
        ? fn
        : async (...args) => {
            await buffer.barrier({ refs: name === 'refs' });
            return fn(...args);
          },
  );
}

type RepoMethod = (...args: unknown[]) => Promise<unknown>;

/** Rebuilds `repos` with every method passed through `wrap` (error mapping, write barriers). */
export function wrapRepoMethods(
  repos: Repos,
  wrap: (repo: string, method: string, fn: RepoMethod) => RepoMethod,
): Repos {
  const out: Record<string, Record<string, RepoMethod>> = {};
  for (const [name, repo] of Object.entries(repos)) {
    out[name] = Object.fromEntries(
      Object.entries(repo as Record<string, RepoMethod>).map(([method, fn]) => [
        method,
        wrap(name, method, fn),
      ]),
    );
  }
  return out as unknown as Repos;
}
