// Side effects after a commit: review cards and requester notices. They never decide anything, so a
// platform failure here is logged and audited, not retried in a loop; the action itself is safe. What the
// platform returns (the card's and the notice's refs) is stored per action, and handed back on every
// update so adapters edit the card and the notice in place.
import type { Action, Agent } from '../model.ts';
import type { PlatformRef, RefKind, RequesterEvent, ReviewOutcome } from '../ports.ts';
import type { PipelineDeps } from './deps.ts';
import { noticeFor, reviewCardFor } from './cards.ts';

export type Decider = ReviewOutcome['by'];

async function attempt<T>(
  deps: PipelineDeps,
  action: Action,
  what: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    deps.log.warn({ actionId: action.id, platform: action.platform, error }, `${what} failed`);
    await deps.store.audit
      .append(
        { actor: 'system', type: 'platform.notify_failed', actionId: action.id, data: { what, error } },
        deps.clock.now(),
      )
      .catch(() => {});
    return undefined;
  }
}

async function keep(
  deps: PipelineDeps,
  action: Action,
  kind: RefKind,
  ref: PlatformRef | null | undefined,
): Promise<void> {
  if (!ref) return;
  await deps.store.refs
    .put(action.id, kind, action.platform, ref, deps.clock.now())
    .catch((e: unknown) =>
      deps.log.warn({ actionId: action.id, kind, error: String(e) }, 'could not store a platform ref'),
    );
}

export async function announceHold(deps: PipelineDeps, action: Action, agent: Agent): Promise<void> {
  const platform = deps.platforms.get(action.platform);
  if (!platform) return;
  const request = action.requestId ? await deps.store.requests.get(action.requestId) : null;
  // Announced right after staging: nobody can have reviewed it yet.
  const card = await reviewCardFor(deps.store, action, { agent, request, reviews: [] });
  // The card and the notice go to different places and neither needs the other: send them at once, then
  // keep both refs with one commit (the agent's answer waits for all of it).
  const [cardRef, noticeRef] = await Promise.all([
    attempt(deps, action, 'review request', () => platform.requestReview(card)),
    request
      ? attempt(deps, action, 'requester notice', () =>
          platform.notifyRequester(
            noticeFor(card, request, action.status === 'blocked' ? 'blocked' : 'held'),
          ),
        )
      : undefined,
  ]);
  await keepBoth(deps, action, cardRef, noticeRef);
}

async function keepBoth(
  deps: PipelineDeps,
  action: Action,
  cardRef: PlatformRef | null | undefined,
  noticeRef: PlatformRef | null | undefined,
): Promise<void> {
  if (!cardRef || !noticeRef) {
    await keep(deps, action, 'review_card', cardRef);
    await keep(deps, action, 'notice', noticeRef);
    return;
  }
  const at = deps.clock.now();
  await deps.store
    .transaction(async (tx) => {
      await tx.refs.put(action.id, 'review_card', action.platform, cardRef, at);
      await tx.refs.put(action.id, 'notice', action.platform, noticeRef, at);
    })
    .catch((e: unknown) =>
      deps.log.warn({ actionId: action.id, error: String(e) }, 'could not store the platform refs'),
    );
}

/** The hold is still pending but its card changed (a new approval in the tally, an edit, new reasons). */
export async function announceProgress(deps: PipelineDeps, action: Action): Promise<void> {
  const platform = deps.platforms.get(action.platform);
  if (!platform) return;
  const card = await reviewCardFor(deps.store, action);
  const ref = await deps.store.refs.get(action.id, 'review_card');
  const next = ref
    ? await attempt(deps, action, 'review card update', () => platform.updateReview({ ...card, ref }))
    : await attempt(deps, action, 'review request', () => platform.requestReview(card));
  if (next && next.id !== ref?.id) await keep(deps, action, 'review_card', next);
  if (card.request) {
    const request = card.request;
    const noticeRef = await deps.store.refs.get(action.id, 'notice');
    const notice = {
      ...noticeFor(card, request, action.status === 'held' ? 'held' : 'paused'),
      ref: noticeRef,
    };
    const n = await attempt(deps, action, 'requester notice', () => platform.notifyRequester(notice));
    if (n && n.id !== noticeRef?.id) await keep(deps, action, 'notice', n);
  }
}

export async function announceOutcome(
  deps: PipelineDeps,
  action: Action,
  event: RequesterEvent,
  by?: Decider,
  extra: { reason?: string | null; edited?: boolean } = {},
): Promise<void> {
  const platform = deps.platforms.get(action.platform);
  if (!platform) return;
  const outcome: ReviewOutcome = {
    status: action.status,
    by: by ?? { kind: 'system' },
    at: action.updatedAt,
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.edited ? { edited: true } : {}),
  };
  const card = await reviewCardFor(deps.store, action, { outcome });
  // Only actions that were held have a review card to update.
  const cardRef = await deps.store.refs.get(action.id, 'review_card');
  if (cardRef) {
    const next = await attempt(deps, action, 'review card update', () =>
      platform.updateReview({ ...card, ref: cardRef }),
    );
    if (next && next.id !== cardRef.id) await keep(deps, action, 'review_card', next);
  }
  const noticeRef = await deps.store.refs.get(action.id, 'notice');
  // A requester hears about outcomes of what they were told was waiting, and about retractions.
  if (card.request && (noticeRef || event === 'retracted' || action.decision.decision !== 'publish')) {
    const request = card.request;
    const n = await attempt(deps, action, 'requester notice', () =>
      platform.notifyRequester({ ...noticeFor(card, request, event), ref: noticeRef }),
    );
    if (n && n.id !== noticeRef?.id) await keep(deps, action, 'notice', n);
  }
}
