// What review cards and requester notices show, computed from the store. Every platform renders these.
import type { Action, Agent, Reason, Review, StoredRequest } from '../model.ts';
import type { Repos, RequesterEvent, RequesterNotice, ReviewCard, ReviewOutcome } from '../ports.ts';

const CONTENT_RISKS = new Set(['secret', 'pii', 'permission', 'destructive', 'injection']);

export const isScopeOnly = (reasons: ReadonlyArray<Reason>) =>
  reasons.length > 0 && reasons.every((r) => r.category === 'scope');

export const hasContentRisk = (reasons: ReadonlyArray<Reason>) =>
  reasons.some((r) => CONTENT_RISKS.has(r.category));

/** Plain words for a requester: why their agent's action waits. */
export function whyInPlainWords(reasons: ReadonlyArray<Reason>): string[] {
  return [...new Set(reasons.map((r) => r.message))];
}

export async function reviewCardFor(
  repos: Repos,
  action: Action,
  opts: {
    agent?: Agent | null;
    request?: StoredRequest | null;
    outcome?: ReviewOutcome;
    /** What is known without a read: an action staged a moment ago has no reviews yet. */
    reviews?: readonly Review[];
  } = {},
): Promise<ReviewCard> {
  // Independent reads: one round trip's wait, not four.
  const [agent, request, reviews, reviewers] = await Promise.all([
    opts.agent ?? repos.agents.get(action.agentId),
    opts.request !== undefined
      ? opts.request
      : action.requestId
        ? repos.requests.get(action.requestId)
        : null,
    opts.reviews ?? repos.reviews.forAction(action.id),
    repos.reviewers.list(),
  ]);
  if (!agent) throw new Error(`action ${action.id} has no agent ${action.agentId}`);
  const byId = new Map(reviewers.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const tally = reviews
    .filter((r) => r.verdict !== 'reject' && r.contentHash === action.contentHash)
    .filter((r) => {
      if (seen.has(r.reviewerId)) return false;
      seen.add(r.reviewerId);
      return true;
    })
    .map((r) => ({
      reviewerId: r.reviewerId,
      reviewerName: byId.get(r.reviewerId)?.name ?? r.reviewerId,
      at: r.createdAt,
    }));
  const group = action.decision.approvals?.group ?? 'default';
  const reasons = action.decision.reasons;
  return {
    action,
    request,
    agent,
    reasons,
    required: { count: action.decision.approvals?.count ?? 1, group },
    tally,
    contentHash: action.contentHash,
    expiresAt: action.expiresAt,
    redactable: reasons.some((r) => r.span !== undefined && r.category !== 'scope'),
    scopeOnly: isScopeOnly(reasons),
    eligible: reviewers.filter(
      (r) => !r.revokedAt && (group === 'default' || r.groups.includes(group) || r.groups.includes('admin')),
    ),
    outcome: opts.outcome,
  };
}

export function noticeFor(card: ReviewCard, request: StoredRequest, event: RequesterEvent): RequesterNotice {
  const pending = card.action.status === 'held';
  return {
    action: card.action,
    request,
    agent: card.agent,
    event,
    why: whyInPlainWords(card.reasons),
    canRelease: pending && card.scopeOnly,
    canDiscard: pending,
    outcome: card.outcome,
  };
}
