// The domain face platform inbound handlers call (`governance.platform`). Identity is the platform user,
// mapped here to a reviewer (by their platform identity) or to the requester of the action's request; the
// domain decides whether they may do what they ask. A repeated interaction id changes nothing.
import { AirlockError } from '../errors.ts';
import type { DecisionOutcome, PlatformDecision, PlatformGateway } from '../gateway.ts';
import type { Action, Reviewer } from '../model.ts';
import type { ReviewCard, ReviewOutcome } from '../ports.ts';
import { reviewCardFor } from './cards.ts';
import { discard, release } from './consent.ts';
import type { PipelineDeps } from './deps.ts';
import { recordPlatformRequest } from './record-request.ts';
import { retract } from './retract.ts';
import { approveAction, mayReview, reject, reviewerBy } from './review.ts';
import { setPause } from './pause.ts';
import { extend } from './time.ts';
import { toView } from './view.ts';

async function reviewerFor(deps: PipelineDeps, platform: string, userId: string): Promise<Reviewer | null> {
  const r = await deps.store.reviewers.byIdentity(platform, userId);
  return r && !r.revokedAt ? r : null;
}

function needReviewer(r: Reviewer | null, platform: string, userId: string): Reviewer {
  if (!r) throw new AirlockError('forbidden', `${platform} user ${userId} is not an Airlock reviewer`);
  return r;
}

async function getAction(deps: PipelineDeps, id: string): Promise<Action> {
  const a = await deps.store.actions.get(id);
  if (!a) throw new AirlockError('not_found', `no action ${id}`);
  return a;
}

async function cardOf(deps: PipelineDeps, action: Action, by?: ReviewOutcome['by']): Promise<ReviewCard> {
  const outcome: ReviewOutcome | undefined =
    action.status === 'held' || action.status === 'received'
      ? undefined
      : { status: action.status, by: by ?? { kind: 'system' }, at: action.updatedAt };
  const ref = await deps.store.refs.get(action.id, 'review_card');
  return { ...(await reviewCardFor(deps.store, action, outcome ? { outcome } : {})), ref };
}

const SAID: Partial<Record<Action['status'], string>> = {
  published: 'it is published',
  publishing: 'it is being published',
  approved: 'it is approved',
  rejected: 'it is rejected',
  retracted: 'the post is deleted',
  held: 'it is still held',
  expired: 'it expired',
  withdrawn: 'the agent withdrew it',
  failed: 'publishing failed',
};

async function decide(deps: PipelineDeps, input: PlatformDecision): Promise<DecisionOutcome> {
  const { platform, platformUserId: userId } = input;
  if (input.interactionId && (await deps.store.interactions.seen(platform, input.interactionId))) {
    const action = await getAction(deps, input.actionId);
    return { action: toView(action), card: await cardOf(deps, action), message: 'Already recorded.' };
  }
  const reviewer = await reviewerFor(deps, platform, userId);
  const asPlatformUser = { kind: 'platform' as const, platform, platformUserId: userId };
  let action: Action;
  let message: string;
  let by: ReviewOutcome['by'] | undefined = reviewer ? reviewerBy(reviewer) : undefined;
  switch (input.verb) {
    case 'approve':
    case 'edit':
    case 'redact': {
      const r = needReviewer(reviewer, platform, userId);
      if (input.verb === 'edit' && input.text === undefined) {
        throw new AirlockError('invalid_input', 'text: an edit needs the new text', { field: 'text' });
      }
      const res = await approveAction(deps, r, input.actionId, {
        contentHash: input.contentHash ?? '',
        reason: input.reason,
        editedText: input.verb === 'edit' ? input.text : undefined,
        redact: input.verb === 'redact',
      });
      action = res.action;
      message = res.stillHeld
        ? `Recorded; ${res.stillHeld}.`
        : `Approved; ${SAID[action.status] ?? action.status}.`;
      break;
    }
    case 'reject': {
      const r = needReviewer(reviewer, platform, userId);
      await reject(deps, r, input.actionId, { reason: input.reason });
      action = await getAction(deps, input.actionId);
      message = 'Rejected; it will not be posted.';
      break;
    }
    case 'extend': {
      const r = needReviewer(reviewer, platform, userId);
      action = await extend(deps, r, input.actionId, { reason: input.reason });
      message = `Extended; it now expires ${action.expiresAt?.toISOString() ?? 'later'}.`;
      break;
    }
    case 'pause': {
      const r = needReviewer(reviewer, platform, userId);
      if (!r.groups.includes('admin'))
        throw new AirlockError('forbidden', `${r.name} is not an admin; only admins pause agents`);
      const target = await getAction(deps, input.actionId);
      const agent = await setPause(deps, `reviewer:${r.id}`, target.agentId, true, input.reason ?? null);
      action = await getAction(deps, input.actionId);
      message = `Paused ${agent.name}; every action of it now waits for a reviewer.`;
      break;
    }
    case 'release': {
      action = await release(deps, asPlatformUser, input.actionId);
      by = { kind: 'requester', id: userId };
      message = `Released; ${SAID[action.status] ?? action.status}.`;
      break;
    }
    case 'discard': {
      action = await discard(deps, asPlatformUser, input.actionId, { reason: input.reason });
      by = { kind: 'requester', id: userId };
      message = 'Discarded; it will not be posted.';
      break;
    }
    case 'retract': {
      const target = await getAction(deps, input.actionId);
      const asReviewer = reviewer && mayReview(reviewer, target);
      action = await retract(
        deps,
        asReviewer && reviewer ? { kind: 'reviewer', reviewer } : asPlatformUser,
        input.actionId,
        { reason: input.reason },
      );
      if (!asReviewer) by = { kind: 'requester', id: userId };
      message = 'Retracted; the post is deleted.';
      break;
    }
  }
  if (input.interactionId)
    await deps.store.interactions.record(platform, input.interactionId, input.actionId, deps.clock.now());
  return { action: toView(action), card: await cardOf(deps, action, by), message };
}

export function createPlatformGateway(deps: PipelineDeps): PlatformGateway {
  return {
    recordRequest: (input) => recordPlatformRequest(deps, input),
    agentByIdentity: async (platform, userId) =>
      (await deps.store.agents.list()).find((a) => !a.revokedAt && a.identities[platform] === userId) ?? null,
    agentByName: async (name) => {
      const a = await deps.store.agents.byName(name);
      return a && !a.revokedAt ? a : null;
    },
    decide: (input) => decide(deps, input),
    reviewCard: async (actionId) => cardOf(deps, await getAction(deps, actionId)),
    pendingFor: async (platform, userId, limit = 20) => {
      const r = await reviewerFor(deps, platform, userId);
      if (!r) return [];
      const held = (await deps.store.actions.list({ status: 'held', limit: 1000 }))
        .filter((a) => mayReview(r, a))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .slice(0, Math.max(1, Math.min(limit, 100)));
      return Promise.all(held.map((a) => cardOf(deps, a)));
    },
    status: async (platform, userId, actionId) => {
      const action = await getAction(deps, actionId);
      if (await reviewerFor(deps, platform, userId)) return toView(action);
      const request = action.requestId ? await deps.store.requests.get(action.requestId) : null;
      if (request && request.platform === platform && request.requester.id === userId) return toView(action);
      throw new AirlockError('not_found', `no action ${actionId}`);
    },
  };
}
