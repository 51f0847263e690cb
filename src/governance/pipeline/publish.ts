// Use case: deliver a claimed (`publishing`) action to its platform. Success → published. Failure →
// retry later with exponential backoff, and `failed` after the limit: never silently dropped.
import type { Action } from '../model.ts';
import type { OutboxMessage, PlatformRef } from '../ports.ts';
import { AirlockError, isPlatformError } from '../errors.ts';
import { type PipelineDeps, platformOf, transition } from './deps.ts';
import { assertTransition } from './state.ts';
import { announceOutcome } from './notify.ts';
import { holdForPause, pausedAgent } from './pause.ts';

export function backoffMs(deps: PipelineDeps, attempts: number): number {
  const { backoffMs, maxBackoffMs } = deps.settings;
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Publishes an action this worker has claimed. The claim is the `nextAttemptAt` lease it set; every
 * write below is conditional on still holding it, so a worker whose lease lapsed (and whose action
 * another worker took over) changes nothing. A claim past half its lease is renewed before the
 * platform call, and if it cannot be, the action is left to whoever holds it now.
 */
export async function publishClaimed(
  deps: PipelineDeps,
  action: Action,
  opts: { justStaged?: boolean } = {},
): Promise<Action> {
  const platform = platformOf(deps, action.platform);
  let claimed = action;
  const now = deps.clock.now().getTime();
  if (!action.nextAttemptAt || action.nextAttemptAt.getTime() - now < deps.settings.claimLeaseMs / 2) {
    const renewed = await deps.store.actions.update(
      action.id,
      ['publishing'],
      { nextAttemptAt: new Date(now + deps.settings.claimLeaseMs), updatedAt: new Date(now) },
      { nextAttemptAt: action.nextAttemptAt },
    );
    if (!renewed) return (await deps.store.actions.get(action.id)) ?? action;
    claimed = renewed;
  }
  const claim = { nextAttemptAt: claimed.nextAttemptAt };
  // Kill switch: a paused agent's action goes back to the reviewers, even after approval.
  const paused = await pausedAgent(deps, claimed.agentId);
  if (paused) return holdForPause(deps, claimed, paused, claim);
  const approvedBy = await approverNames(deps, claimed);
  let platformRef: PlatformRef;
  // A delivery into Airlock's own database (local) is written in the transaction below, with its record.
  let delivery: OutboxMessage | null = null;
  try {
    const input = {
      action: claimed,
      idempotencyKey: claimed.id,
      approvedBy,
      ...(opts.justStaged && claimed === action ? { firstAttempt: true } : {}),
    };
    if (platform.prepareDelivery) {
      const prepared = await platform.prepareDelivery(input);
      platformRef = prepared.ref;
      delivery = prepared.message;
    } else platformRef = await platform.publish(input);
  } catch (e) {
    return recordFailure(deps, claimed, e);
  }
  const ref = platformRef.id;
  const at = deps.clock.now();
  let published: Action;
  try {
    published = await deps.store.transaction(async (tx) => {
      const done = await transition(
        tx,
        claimed,
        'published',
        {
          platformRef: ref,
          publishedAt: at,
          nextAttemptAt: null,
          attempts: claimed.attempts + 1,
          lastError: null,
        },
        {
          actor: 'system',
          type: 'action.published',
          data: { platform: platform.name, ref, contentHash: claimed.contentHash },
        },
        at,
        claim,
      );
      if (delivery) await tx.outbox.insert(delivery);
      await tx.refs.put(claimed.id, 'message', platform.name, platformRef, at);
      return done;
    });
  } catch (e) {
    // Another worker took the action over after our lease lapsed; its outcome stands.
    if (e instanceof AirlockError && e.code === 'conflict') {
      deps.log.warn({ actionId: action.id }, 'publish claim lapsed; another worker owns this action');
      return (await deps.store.actions.get(action.id)) ?? claimed;
    }
    throw e;
  }
  deps.observer?.changed?.(published);
  // Only a held action has a card and a waiting requester; an auto-published one speaks for itself.
  if (published.decision.decision !== 'publish') await announceOutcome(deps, published, 'published');
  return published;
}

/** Names of the reviewers whose approvals of exactly this content let it through (for the provenance line). */
async function approverNames(deps: PipelineDeps, action: Action): Promise<string[]> {
  if (action.decision.decision === 'publish') return [];
  const ids = new Set(
    (await deps.store.reviews.forAction(action.id))
      .filter((r) => r.verdict !== 'reject' && r.contentHash === action.contentHash)
      .map((r) => r.reviewerId),
  );
  const names: string[] = [];
  for (const id of ids) names.push((await deps.store.reviewers.get(id))?.name ?? id);
  return names;
}

/**
 * A `PlatformError` says whether to retry: permanent ones (bad channel, no permission) fail at once with
 * the platform's code; retryable ones wait at least `retryAfterMs`. Other errors are retried with backoff.
 */
async function recordFailure(deps: PipelineDeps, action: Action, e: unknown): Promise<Action> {
  const now = deps.clock.now();
  const attempts = action.attempts + 1;
  const permanent = isPlatformError(e) && !e.retryable;
  const message = e instanceof Error ? e.message : String(e);
  const error = isPlatformError(e) ? `${e.platform} ${e.code}: ${message}` : message;
  const retryAfter = isPlatformError(e) && e.retryable ? (e.retryAfterMs ?? 0) : 0;
  const giveUp = permanent || attempts >= deps.settings.maxAttempts;
  const claim = { nextAttemptAt: action.nextAttemptAt };
  const updated = await deps.store.transaction(async (tx) => {
    if (giveUp) {
      assertTransition(action.id, action.status, 'failed');
      const row = await tx.actions.update(
        action.id,
        ['publishing'],
        { status: 'failed', attempts, lastError: error, nextAttemptAt: null, updatedAt: now },
        claim,
      );
      if (row)
        await tx.audit.append(
          {
            actor: 'system',
            type: 'action.failed',
            actionId: action.id,
            data: {
              from: 'publishing',
              to: 'failed',
              attempts,
              error,
              ...(isPlatformError(e) ? { code: e.code, permanent } : {}),
            },
          },
          now,
        );
      return row;
    }
    const nextAttemptAt = new Date(now.getTime() + Math.max(backoffMs(deps, attempts), retryAfter));
    const row = await tx.actions.update(
      action.id,
      ['publishing'],
      { attempts, lastError: error, nextAttemptAt, updatedAt: now },
      claim,
    );
    if (row) {
      await tx.audit.append(
        {
          actor: 'system',
          type: 'action.publish_retry',
          actionId: action.id,
          data: { attempts, error, nextAttemptAt: nextAttemptAt.toISOString() },
        },
        now,
      );
    }
    return row;
  });
  // Null: the claim lapsed and another worker owns the action (or already finished it): change nothing.
  if (!updated) return (await deps.store.actions.get(action.id)) ?? action;
  deps.log.warn(
    { actionId: action.id, platform: action.platform, attempts, error },
    giveUp ? 'publish failed for good' : 'publish failed; will retry',
  );
  deps.observer?.changed?.(updated);
  if (giveUp) await announceOutcome(deps, updated, 'failed');
  return updated;
}
