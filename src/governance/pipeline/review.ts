// Use cases: a reviewer approves (optionally with an edit) or rejects a held action.
import { AirlockError } from '../errors.ts';
import type { Action, Review, Reviewer } from '../model.ts';
import type { Repos } from '../ports.ts';
import { contentHashOf, type PipelineDeps, platformOf, transition } from './deps.ts';
import { announceOutcome } from './notify.ts';
import { publishClaimed } from './publish.ts';
import { toView } from './view.ts';

async function load(tx: Repos, id: string): Promise<Action> {
  const action = await tx.actions.get(id);
  if (!action) throw new AirlockError('not_found', `no action ${id}`);
  return action;
}

function assertMayReview(reviewer: Reviewer, action: Action): void {
  if (reviewer.revokedAt) throw new AirlockError('forbidden', `reviewer ${reviewer.name} is revoked`);
  const group = action.decision.approvals?.group ?? 'default';
  if (group !== 'default' && !reviewer.groups.includes(group) && !reviewer.groups.includes('admin')) {
    throw new AirlockError(
      'forbidden',
      `action ${action.id} needs a reviewer in group "${group}"; ${reviewer.name} is in ${reviewer.groups.join(', ') || 'no group'}`,
    );
  }
}

export async function approve(
  deps: PipelineDeps,
  reviewer: Reviewer,
  id: string,
  opts: { reason?: string | undefined; editedText?: string | undefined } = {},
) {
  const now = deps.clock.now();
  const result = await deps.store.transaction(async (tx) => {
    let action = await load(tx, id);
    if (action.status !== 'held') {
      throw new AirlockError(
        'illegal_transition',
        `action ${id} is ${action.status}; only a held action can be approved`,
      );
    }
    assertMayReview(reviewer, action);
    if (opts.editedText !== undefined) {
      const platform = platformOf(deps, action.platform);
      if (opts.editedText.length > platform.maxTextLength) {
        throw new AirlockError(
          'too_large',
          `text: ${opts.editedText.length.toLocaleString('en-US')} characters is over ${platform.name}'s limit of ${platform.maxTextLength.toLocaleString('en-US')}`,
          { field: 'text' },
        );
      }
      if (opts.editedText !== action.text) {
        const contentHash = contentHashOf({ ...action, text: opts.editedText });
        const edited = await tx.actions.update(action.id, ['held'], {
          text: opts.editedText,
          contentHash,
          updatedAt: now,
        });
        if (!edited) throw new AirlockError('conflict', `action ${id} changed concurrently; retry`);
        await tx.audit.append(
          {
            actor: `reviewer:${reviewer.id}`,
            type: 'action.edited',
            actionId: id,
            data: { from: action.contentHash, to: contentHash },
          },
          now,
        );
        action = edited;
      }
    }
    const review: Review = {
      id: deps.ids.next('rev'),
      actionId: id,
      reviewerId: reviewer.id,
      verdict: opts.editedText !== undefined ? 'edit' : 'approve',
      reason: opts.reason ?? null,
      editedText: opts.editedText ?? null,
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
    // Only approvals of exactly the current content count; an edit resets the tally.
    const approvers = new Set(
      (await tx.reviews.forAction(id))
        .filter((r) => r.verdict !== 'reject' && r.contentHash === action.contentHash)
        .map((r) => r.reviewerId),
    );
    const needed = action.decision.approvals?.count ?? 1;
    if (approvers.size < needed) return { action, publish: false };
    const approved = await transition(
      tx,
      action,
      'approved',
      {},
      {
        actor: `reviewer:${reviewer.id}`,
        type: 'action.approved',
        data: { approvers: [...approvers], contentHash: action.contentHash },
      },
      now,
      // Approve exactly the content the approvals were counted for, even if an edit raced this one.
      { contentHash: action.contentHash },
    );
    if (platformOf(deps, action.platform).external) return { action: approved, publish: false };
    const claimed = await transition(
      tx,
      approved,
      'publishing',
      { nextAttemptAt: new Date(now.getTime() + deps.settings.claimLeaseMs) },
      { actor: 'system', type: 'action.publishing', data: {} },
      now,
    );
    return { action: claimed, publish: true };
  });
  deps.observer?.changed?.(result.action);
  if (result.publish) return toView(await publishClaimed(deps, result.action));
  return toView(result.action);
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
  await announceOutcome(deps, rejected, 'rejected', reviewer);
  return toView(rejected);
}
