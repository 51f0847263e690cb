// Use case: deliver a claimed (`publishing`) action to its platform. Success → published. Failure →
// retry later with exponential backoff, and `failed` after the limit: never silently dropped.
import type { Action } from '../model.ts';
import { type PipelineDeps, platformOf, transition } from './deps.ts';
import { announceOutcome } from './notify.ts';

export function backoffMs(deps: PipelineDeps, attempts: number): number {
  const { backoffMs, maxBackoffMs } = deps.settings;
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

export async function publishClaimed(deps: PipelineDeps, action: Action): Promise<Action> {
  const platform = platformOf(deps, action.platform);
  let ref: string;
  try {
    ref = (await platform.publish(action)).ref;
  } catch (e) {
    return recordFailure(deps, action, e instanceof Error ? e.message : String(e));
  }
  const now = deps.clock.now();
  const published = await deps.store.transaction((tx) =>
    transition(
      tx,
      action,
      'published',
      {
        platformRef: ref,
        publishedAt: now,
        nextAttemptAt: null,
        attempts: action.attempts + 1,
        lastError: null,
      },
      {
        actor: 'system',
        type: 'action.published',
        data: { platform: platform.name, ref, contentHash: action.contentHash },
      },
      now,
    ),
  );
  deps.observer?.changed?.(published);
  // Only a held action has a card and a waiting requester; an auto-published one speaks for itself.
  if (published.decision.decision !== 'publish') await announceOutcome(deps, published, 'published');
  return published;
}

async function recordFailure(deps: PipelineDeps, action: Action, error: string): Promise<Action> {
  const now = deps.clock.now();
  const attempts = action.attempts + 1;
  const giveUp = attempts >= deps.settings.maxAttempts;
  deps.log.warn(
    { actionId: action.id, platform: action.platform, attempts, error },
    giveUp ? 'publish failed for good' : 'publish failed; will retry',
  );
  const updated = await deps.store.transaction(async (tx) => {
    if (giveUp) {
      return transition(
        tx,
        action,
        'failed',
        { attempts, lastError: error, nextAttemptAt: null },
        { actor: 'system', type: 'action.failed', data: { attempts, error } },
        now,
      );
    }
    const nextAttemptAt = new Date(now.getTime() + backoffMs(deps, attempts));
    const row = await tx.actions.update(action.id, ['publishing'], {
      attempts,
      lastError: error,
      nextAttemptAt,
      updatedAt: now,
    });
    await tx.audit.append(
      {
        actor: 'system',
        type: 'action.publish_retry',
        actionId: action.id,
        data: { attempts, error, nextAttemptAt: nextAttemptAt.toISOString() },
      },
      now,
    );
    return row ?? action;
  });
  deps.observer?.changed?.(updated);
  if (giveUp) await announceOutcome(deps, updated, 'failed');
  return updated;
}
