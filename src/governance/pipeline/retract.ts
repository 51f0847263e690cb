// Use case: undo. Within the retract window after publishing, a reviewer or the requester deletes the post;
// the platform removes it first, then the action becomes `retracted` with who did it on the audit trail.
import { AirlockError } from '../errors.ts';
import type { RequesterActor } from '../gateway.ts';
import type { Action, Reviewer } from '../model.ts';
import { asRequester, type RequesterParty } from './consent.ts';
import { type PipelineDeps, platformOf, transition } from './deps.ts';
import { announceOutcome } from './notify.ts';
import { assertMayReview, reviewerBy } from './review.ts';

export type RetractActor = { kind: 'reviewer'; reviewer: Reviewer } | RequesterActor;

export async function retract(
  deps: PipelineDeps,
  by: RetractActor,
  id: string,
  opts: { reason?: string | undefined } = {},
): Promise<Action> {
  const action = await deps.store.actions.get(id);
  if (!action) throw new AirlockError('not_found', `no action ${id}`);
  const request = action.requestId ? await deps.store.requests.get(action.requestId) : null;
  let party: RequesterParty;
  if (by.kind === 'reviewer') {
    // A reviewer retracts as a reviewer when eligible for the action, else as its requester (if they are).
    try {
      assertMayReview(by.reviewer, action);
      party = { actor: `reviewer:${by.reviewer.id}`, by: reviewerBy(by.reviewer) };
    } catch (e) {
      party = asRequester(by, action, request);
      void e;
    }
  } else party = asRequester(by, action, request);
  if (action.status !== 'published') {
    throw new AirlockError(
      'illegal_transition',
      `action ${id} is ${action.status}; only a published action can be retracted`,
    );
  }
  const now = deps.clock.now();
  const window = deps.settings.retractWindowMs;
  if (!action.publishedAt || now.getTime() - action.publishedAt.getTime() > window) {
    throw new AirlockError(
      'conflict',
      `action ${id} was published more than ${Math.round(window / 60_000)} minutes ago; it can no longer be retracted here (delete it on the platform)`,
    );
  }
  const platform = platformOf(deps, action.platform);
  if (!platform.retract) {
    throw new AirlockError('conflict', `platform ${platform.name} cannot delete posts; delete it there`);
  }
  const ref =
    (await deps.store.refs.get(id, 'message')) ?? (action.platformRef ? { id: action.platformRef } : null);
  if (!ref) throw new AirlockError('conflict', `action ${id} has no platform reference to delete`);
  try {
    await platform.retract(action, ref);
  } catch (e) {
    throw new AirlockError(
      'platform_unavailable',
      `${platform.name} did not delete the post: ${e instanceof Error ? e.message : String(e)}; try again`,
      { cause: e },
    );
  }
  const done = await deps.store.transaction((tx) =>
    transition(
      tx,
      action,
      'retracted',
      {},
      { actor: party.actor, type: 'action.retracted', data: { reason: opts.reason ?? null, ref: ref.id } },
      now,
    ),
  );
  deps.observer?.changed?.(done);
  await announceOutcome(deps, done, 'retracted', party.by, { reason: opts.reason ?? null });
  return done;
}
