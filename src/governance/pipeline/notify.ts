// Side effects after a commit: review cards and requester notices. They never decide anything, so a
// platform failure here is logged and audited, not retried in a loop; the action itself is safe.
import type { Action, Agent, Reviewer } from '../model.ts';
import type { RequesterEvent } from '../ports.ts';
import type { PipelineDeps } from './deps.ts';
import { noticeFor, reviewCardFor } from './cards.ts';

async function attempt(
  deps: PipelineDeps,
  action: Action,
  what: string,
  fn: () => Promise<unknown>,
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    deps.log.warn({ actionId: action.id, platform: action.platform, error }, `${what} failed`);
    await deps.store.audit
      .append(
        { actor: 'system', type: 'platform.notify_failed', actionId: action.id, data: { what, error } },
        deps.clock.now(),
      )
      .catch(() => {});
  }
}

export async function announceHold(deps: PipelineDeps, action: Action, agent: Agent): Promise<void> {
  const platform = deps.platforms.get(action.platform);
  if (!platform) return;
  const request = action.requestId ? await deps.store.requests.get(action.requestId) : null;
  const card = await reviewCardFor(deps.store, action, { agent, request });
  await attempt(deps, action, 'review request', () => platform.requestReview(card));
  if (request) {
    await attempt(deps, action, 'requester notice', () =>
      platform.notifyRequester(noticeFor(card, request, action.status === 'blocked' ? 'blocked' : 'held')),
    );
  }
}

export async function announceOutcome(
  deps: PipelineDeps,
  action: Action,
  event: RequesterEvent,
  reviewer?: Reviewer,
): Promise<void> {
  const platform = deps.platforms.get(action.platform);
  if (!platform) return;
  const outcome = {
    status: action.status,
    by: reviewer
      ? { kind: 'reviewer' as const, id: reviewer.id, name: reviewer.name }
      : { kind: 'system' as const },
    at: action.updatedAt,
  };
  const card = await reviewCardFor(deps.store, action, { outcome });
  // Only actions that were held have a review card to update.
  // TODO(port v2): the card and notice refs are not stored yet; updates re-post by action id.
  if (action.decision.decision !== 'publish') {
    await attempt(deps, action, 'review card update', () =>
      platform.updateReview({ ...card, ref: { id: action.id } }),
    );
  }
  if (card.request) {
    const request = card.request;
    await attempt(deps, action, 'requester notice', () =>
      platform.notifyRequester(noticeFor(card, request, event)),
    );
  }
}
