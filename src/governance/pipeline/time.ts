// Use cases about time on a hold: extend (a reviewer gives it more time), reminders before expiry and
// escalation when nobody answered.
//
// Why the worker loop and not a job library: every scheduled step here is a compare-and-set on the action
// row itself. A reminder sets `reminded_at` only where it is still null and the action is still `held`;
// an escalation sets `escalated_at` likewise; expiry moves `held → expired` only from `held`; a publish
// retry is claimed with a lease (`claimDue`, FOR UPDATE SKIP LOCKED). Any number of Airlock processes may
// run the same pass on one database: exactly one wins each update, and only the winner audits and
// notifies. Nothing is lost on a crash either: the row is the schedule (a hold is due while its columns
// say so), so the next pass of any process picks it up. pg-boss would add a second schedule to keep in
// step with the rows, and its own schema and polling on PGlite, for no extra guarantee.
import { AirlockError } from '../errors.ts';
import type { Action, Reviewer } from '../model.ts';
import { type PipelineDeps, transition } from './deps.ts';
import { announceProgress } from './notify.ts';
import { assertMayReview, load } from './review.ts';
import { assertNotOverdue } from './state.ts';

const MAX_EXTEND_HOURS = 24 * 30;

export async function extend(
  deps: PipelineDeps,
  reviewer: Reviewer,
  id: string,
  opts: { hours?: number | undefined; reason?: string | undefined } = {},
): Promise<Action> {
  const hours = opts.hours ?? deps.settings.holdTtlMs / 3600_000;
  if (!(hours > 0 && hours <= MAX_EXTEND_HOURS)) {
    throw new AirlockError('invalid_input', `hours: must be more than 0 and at most ${MAX_EXTEND_HOURS}`, {
      field: 'hours',
    });
  }
  const now = deps.clock.now();
  const done = await deps.store.transaction(async (tx) => {
    const action = await load(tx, id);
    assertMayReview(reviewer, action);
    if (action.status !== 'held') {
      throw new AirlockError(
        'illegal_transition',
        `action ${id} is ${action.status}; only a held action can be extended`,
      );
    }
    assertNotOverdue(action, now, 'extended');
    const base = Math.max(now.getTime(), action.expiresAt?.getTime() ?? now.getTime());
    const expiresAt = new Date(base + hours * 3600_000);
    const updated = await tx.actions.update(action.id, ['held'], {
      expiresAt,
      remindedAt: null,
      updatedAt: now,
    });
    if (!updated) throw new AirlockError('conflict', `action ${id} changed concurrently; retry`);
    await tx.audit.append(
      {
        actor: `reviewer:${reviewer.id}`,
        type: 'action.extended',
        actionId: id,
        data: {
          previousExpiresAt: action.expiresAt?.toISOString() ?? null,
          expiresAt: expiresAt.toISOString(),
          reason: opts.reason ?? null,
        },
      },
      now,
    );
    return updated;
  });
  deps.observer?.changed?.(done);
  await announceProgress(deps, done);
  return done;
}

/** One pass: remind reviewers of holds close to expiry, escalate holds nobody answered. Run once per hold. */
export async function remindAndEscalate(deps: PipelineDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  let n = 0;
  const { reminderBeforeMs, escalateAfterMs, escalationGroup } = deps.settings;
  if (reminderBeforeMs > 0) {
    for (const a of await deps.store.actions.remindable(new Date(now.getTime() + reminderBeforeMs), limit)) {
      const done = await deps.store.transaction(async (tx) => {
        const row = await tx.actions.update(a.id, ['held'], { remindedAt: now }, { unset: 'remindedAt' });
        if (row)
          await tx.audit.append(
            {
              actor: 'system',
              type: 'review.reminded',
              actionId: a.id,
              data: { expiresAt: a.expiresAt?.toISOString() ?? null },
            },
            now,
          );
        return row;
      });
      if (done) {
        n++;
        await announceProgress(deps, done);
      }
    }
  }
  if (escalateAfterMs > 0) {
    for (const a of await deps.store.actions.escalatable(new Date(now.getTime() - escalateAfterMs), limit)) {
      const approvals = a.decision.approvals ?? { count: 1, group: 'default' };
      const escalated = approvals.group === escalationGroup ? undefined : escalationGroup;
      const decision = {
        ...a.decision,
        approvals: { ...approvals, ...(escalated ? { escalated_to: escalated } : {}) },
      };
      const done = await deps.store.transaction(async (tx) => {
        const row = await tx.actions.update(
          a.id,
          ['held'],
          { escalatedAt: now, decision },
          { unset: 'escalatedAt' },
        );
        if (row)
          await tx.audit.append(
            { actor: 'system', type: 'review.escalated', actionId: a.id, data: { group: escalationGroup } },
            now,
          );
        return row;
      });
      if (done) {
        n++;
        await announceProgress(deps, done);
      }
    }
  }
  return n;
}

export { transition };
