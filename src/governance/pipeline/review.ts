// Use cases: a reviewer approves (exactly the content they saw, optionally editing or redacting it first)
// or rejects a held action.
//
// Rules: every approval names the content hash the reviewer saw; another hash is `content_changed`.
// Approvals count only for exactly the current content and only once per reviewer, so an edit restarts
// the tally. An edit or redaction is judged again by the classifier: if the new text now blocks, or needs
// a group this reviewer is not in, it stays held with the new reasons and this approval does not count.
// Separation of duties: when the hold has a content risk, nobody approves an action answering a request
// they made or recorded, unless the policy rule relaxes it (`approvals.requester_may_approve`).
import { AirlockError } from '../errors.ts';
import type { ApproveOptions } from '../gateway.ts';
import type { Action, Decision, Reason, Review, Reviewer, StoredRequest } from '../model.ts';
import type { Repos } from '../ports.ts';
import { hasContentRisk } from './cards.ts';
import { contentHashOf, type PipelineDeps, platformOf, transition } from './deps.ts';
import { announceOutcome, announceProgress } from './notify.ts';
import { pausedAgent } from './pause.ts';
import { publishClaimed } from './publish.ts';
import { assertNotOverdue } from './state.ts';
import { classifySafely } from './submit-action.ts';
import { toView } from './view.ts';

export const REDACTED = '[redacted]';

export async function load(tx: Repos, id: string): Promise<Action> {
  const action = await tx.actions.get(id);
  if (!action) throw new AirlockError('not_found', `no action ${id}`);
  return action;
}

export const groupsOf = (action: Action): string[] => {
  const a = action.decision.approvals;
  const group = a?.group ?? 'default';
  return a?.escalated_to ? [group, a.escalated_to] : [group];
};

export function mayReview(reviewer: Reviewer, action: Action): boolean {
  if (reviewer.revokedAt) return false;
  return groupsOf(action).some(
    (g) => g === 'default' || reviewer.groups.includes(g) || reviewer.groups.includes('admin'),
  );
}

export function assertMayReview(reviewer: Reviewer, action: Action): void {
  if (reviewer.revokedAt) throw new AirlockError('forbidden', `reviewer ${reviewer.name} is revoked`);
  if (!mayReview(reviewer, action)) {
    throw new AirlockError(
      'forbidden',
      `action ${action.id} needs a reviewer in group "${groupsOf(action).join('" or "')}"; ${reviewer.name} is in ${reviewer.groups.join(', ') || 'no group'}`,
    );
  }
}

/** True when `reviewer` made or recorded the request this action answers. */
export function isRequestParty(reviewer: Reviewer, request: StoredRequest | null): boolean {
  if (!request) return false;
  if (request.recordedBy === `reviewer:${reviewer.id}`) return true;
  return reviewer.identities[request.platform] === request.requester.id;
}

function assertSeparation(reviewer: Reviewer, action: Action, request: StoredRequest | null): void {
  if (!hasContentRisk(action.decision.reasons) || action.decision.approvals?.requester_may_approve) return;
  if (isRequestParty(reviewer, request)) {
    throw new AirlockError(
      'forbidden',
      `separation of duties: ${reviewer.name} made or recorded the request behind action ${action.id}, and it is held for a content risk (${action.decision.reasons
        .filter((r) => r.category !== 'scope')
        .map((r) => r.code)
        .join(', ')}); another reviewer must approve it`,
    );
  }
}

/** Replaces every flagged span except scope ones with `[redacted]`; null when nothing can be redacted. */
export function redact(text: string, reasons: ReadonlyArray<Reason>): string | null {
  const spans = reasons
    .filter((r) => r.category !== 'scope' && r.span)
    .map((r) => r.span as [number, number])
    .filter(([s, e]) => s >= 0 && e > s && e <= text.length)
    .sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return null;
  const merged: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = '';
  let at = 0;
  for (const [s, e] of merged) {
    out += text.slice(at, s) + REDACTED;
    at = e;
  }
  return out + text.slice(at);
}

/** The decision for edited text: the classifier's reasons, and never fewer approvals than before. */
function rejudged(before: Decision, after: Decision): Decision {
  const prev = before.approvals ?? { count: 1, group: 'default' };
  const next = after.decision === 'hold' ? after.approvals : undefined;
  const approvals = {
    ...prev,
    count: Math.max(prev.count, next?.count ?? 0),
    group: next && next.group !== 'default' ? next.group : prev.group,
  };
  return {
    decision: after.decision === 'block' ? 'block' : 'hold',
    in_scope: after.in_scope,
    risk: after.risk,
    reasons: after.reasons,
    ...(after.rule ? { rule: after.rule } : {}),
    approvals,
  };
}

export interface ApproveResult {
  action: Action;
  /** Why it is still held after this call, when it is (for the clicker). */
  stillHeld: string | null;
}

export async function approveAction(
  deps: PipelineDeps,
  reviewer: Reviewer,
  id: string,
  opts: ApproveOptions,
): Promise<ApproveResult> {
  if (typeof opts.contentHash !== 'string' || opts.contentHash.length === 0) {
    throw new AirlockError('invalid_input', 'content_hash: name the content hash you reviewed', {
      field: 'content_hash',
    });
  }
  const current = await deps.store.actions.get(id);
  if (current) {
    const paused = await pausedAgent(deps, current.agentId);
    if (paused) {
      throw new AirlockError(
        'agent_paused',
        `agent ${paused.name} is paused${paused.pauseReason ? ` (${paused.pauseReason})` : ''}; resume it before approving its actions`,
      );
    }
  }
  const now = deps.clock.now();
  const result = await deps.store.transaction(async (tx) => {
    let action = await load(tx, id);
    if (action.status !== 'held') {
      throw new AirlockError(
        'illegal_transition',
        `action ${id} is ${action.status}; only a held action can be approved`,
      );
    }
    assertNotOverdue(action, now, 'approved');
    assertMayReview(reviewer, action);
    if (opts.contentHash !== action.contentHash) {
      throw new AirlockError(
        'content_changed',
        `content_hash: action ${id} changed since you saw it (now ${action.contentHash}); review the current text and approve again`,
        { field: 'content_hash', details: { current: action.contentHash, sent: opts.contentHash } },
      );
    }
    const request = action.requestId ? await tx.requests.get(action.requestId) : null;
    assertSeparation(reviewer, action, request);

    let edited = false;
    let redacted = false;
    let newText: string | undefined = opts.editedText;
    if (opts.redact) {
      const r = redact(newText ?? action.text, action.decision.reasons);
      if (r === null && newText === undefined) {
        throw new AirlockError('invalid_input', `redact: action ${id} has no flagged span to redact`, {
          field: 'redact',
        });
      }
      if (r !== null) {
        newText = r;
        redacted = true;
      }
    }
    if (newText !== undefined) {
      const platform = platformOf(deps, action.platform);
      if (newText.length > platform.maxTextLength) {
        throw new AirlockError(
          'too_large',
          `text: ${newText.length.toLocaleString('en-US')} characters is over ${platform.name}'s limit of ${platform.maxTextLength.toLocaleString('en-US')}`,
          { field: 'text' },
        );
      }
    }
    if (newText !== undefined && newText !== action.text) {
      const agent = await tx.agents.get(action.agentId);
      const fields = { ...action, text: newText };
      const decision = rejudged(
        action.decision,
        classifySafely(
          deps,
          request,
          agent ?? {
            id: action.agentId,
            name: action.agentId,
            identities: {},
            createdAt: now,
            revokedAt: null,
          },
          {
            kind: action.kind,
            text: newText,
            ...(action.channel ? { channel: action.channel } : {}),
            ...(action.thread ? { thread: action.thread } : {}),
            ...(action.recipient ? { recipient: action.recipient } : {}),
            ...(action.change ? { change: action.change } : {}),
          },
          action.context ?? undefined,
        ),
      );
      const contentHash = contentHashOf(fields);
      const updated = await tx.actions.update(
        action.id,
        ['held'],
        { text: newText, contentHash, decision, updatedAt: now },
        { contentHash: action.contentHash },
      );
      if (!updated) throw new AirlockError('conflict', `action ${id} changed concurrently; retry`);
      await tx.audit.append(
        {
          actor: `reviewer:${reviewer.id}`,
          type: 'action.edited',
          actionId: id,
          data: { from: action.contentHash, to: contentHash, ...(redacted ? { redacted: true } : {}) },
        },
        now,
      );
      action = updated;
      edited = true;
      // The new text is judged on its own: a block, or a group this reviewer is not in, keeps it held.
      if (decision.decision === 'block') {
        return {
          action,
          publish: false,
          stillHeld: 'the edited text is blocked; edit it again or reject it',
        };
      }
      if (!mayReview(reviewer, action)) {
        return {
          action,
          publish: false,
          stillHeld: `the edited text needs a reviewer in group "${groupsOf(action).join('" or "')}"`,
        };
      }
      assertSeparation(reviewer, action, request);
    } else if (action.decision.decision === 'block') {
      throw new AirlockError(
        'forbidden',
        `action ${id} is held with blocking reasons (${action.decision.reasons.map((r) => r.code).join(', ')}); edit or redact it, or reject it`,
      );
    }
    const review: Review = {
      id: deps.ids.next('rev'),
      actionId: id,
      reviewerId: reviewer.id,
      verdict: edited ? 'edit' : 'approve',
      reason: opts.reason ?? null,
      editedText: edited ? action.text : null,
      contentHash: action.contentHash,
      createdAt: now,
    };
    await tx.reviews.insert(review);
    await tx.audit.append(
      {
        actor: `reviewer:${reviewer.id}`,
        type: 'review.recorded',
        actionId: id,
        data: { verdict: review.verdict, reason: review.reason, contentHash: action.contentHash },
      },
      now,
    );
    // Only approvals of exactly the current content count, once per reviewer; an edit resets the tally.
    const approvers = new Set(
      (await tx.reviews.forAction(id))
        .filter((r) => r.verdict !== 'reject' && r.contentHash === action.contentHash)
        .map((r) => r.reviewerId),
    );
    const needed = action.decision.approvals?.count ?? 1;
    if (approvers.size < needed) {
      return {
        action,
        publish: false,
        stillHeld: `still needs ${needed - approvers.size} more approval${needed - approvers.size === 1 ? '' : 's'}`,
      };
    }
    const approved = await transition(
      tx,
      action,
      'approved',
      {},
      {
        actor: `reviewer:${reviewer.id}`,
        type: 'action.approved',
        data: { approvers: [...approvers], contentHash: action.contentHash, edited, redacted },
      },
      now,
      // Approve exactly the content the approvals were counted for, even if an edit raced this one.
      { contentHash: action.contentHash },
    );
    if (platformOf(deps, action.platform).external)
      return { action: approved, publish: false, stillHeld: null };
    const claimed = await transition(
      tx,
      approved,
      'publishing',
      { nextAttemptAt: new Date(now.getTime() + deps.settings.claimLeaseMs) },
      { actor: 'system', type: 'action.publishing', data: {} },
      now,
    );
    return { action: claimed, publish: true, stillHeld: null };
  });
  deps.observer?.changed?.(result.action);
  if (result.publish) {
    try {
      return { action: await publishClaimed(deps, result.action), stillHeld: null };
    } catch (e) {
      // The approval is committed: say so, and let the retry worker publish once the claim lapses.
      deps.log.warn(
        { actionId: id, error: e instanceof Error ? e.message : String(e) },
        'approval recorded, but publishing failed; the worker retries',
      );
      return { action: result.action, stillHeld: null };
    }
  }
  if (result.action.status === 'held') await announceProgress(deps, result.action);
  else await announceOutcome(deps, result.action, 'published', reviewerBy(reviewer));
  return { action: result.action, stillHeld: result.stillHeld };
}

export const reviewerBy = (r: Reviewer) => ({ kind: 'reviewer' as const, id: r.id, name: r.name });

export async function approve(deps: PipelineDeps, reviewer: Reviewer, id: string, opts: ApproveOptions) {
  return toView((await approveAction(deps, reviewer, id, opts)).action);
}

export async function reject(
  deps: PipelineDeps,
  reviewer: Reviewer,
  id: string,
  opts: { reason?: string | undefined } = {},
) {
  const now = deps.clock.now();
  const rejected = await deps.store.transaction(async (tx) => {
    const action = await load(tx, id);
    assertMayReview(reviewer, action);
    await tx.reviews.insert({
      id: deps.ids.next('rev'),
      actionId: id,
      reviewerId: reviewer.id,
      verdict: 'reject',
      reason: opts.reason ?? null,
      editedText: null,
      contentHash: action.contentHash,
      createdAt: now,
    });
    return transition(
      tx,
      action,
      'rejected',
      {},
      { actor: `reviewer:${reviewer.id}`, type: 'action.rejected', data: { reason: opts.reason ?? null } },
      now,
    );
  });
  deps.observer?.changed?.(rejected);
  await announceOutcome(deps, rejected, 'rejected', reviewerBy(reviewer), { reason: opts.reason ?? null });
  return toView(rejected);
}
