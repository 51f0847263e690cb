// The action state machine. Every status change goes through `transition`, which checks it here.
import { AirlockError } from '../errors.ts';
import type { ActionStatus } from '../model.ts';

/**
 * received → published | held | blocked, realized as: the decision stages the action as `publishing`
 * (claimed for the platform call), `held` or `blocked`; `publishing` ends `published`, or `failed` after
 * the retry limit. held → approved → publishing → published | rejected | expired | withdrawn.
 * For platforms whose actions are executed outside Airlock (the MCP proxy), a publish decision stages the
 * action as `approved` and the executor claims it (approved → publishing).
 */
export const TRANSITIONS: Readonly<Record<ActionStatus, ReadonlyArray<ActionStatus>>> = {
  received: ['publishing', 'approved', 'held', 'blocked'],
  held: ['approved', 'rejected', 'expired', 'withdrawn'],
  // → held: the agent was paused after approval (kill switch); reviewers decide again.
  approved: ['publishing', 'expired', 'withdrawn', 'held'],
  publishing: ['published', 'failed', 'held'],
  published: ['retracted'],
  blocked: [],
  rejected: [],
  expired: [],
  withdrawn: [],
  failed: [],
  retracted: [],
};

export const TERMINAL: ReadonlySet<ActionStatus> = new Set(
  (Object.keys(TRANSITIONS) as ActionStatus[]).filter((s) => TRANSITIONS[s].length === 0),
);

/**
 * Statuses an agent waiting for an outcome keeps waiting through. `approved` ends the wait: for actions
 * Airlock publishes itself it is never observed (approval claims them for publishing in the same
 * transaction); for externally executed ones it is the executor's signal to claim.
 */
export const UNDECIDED: ReadonlySet<ActionStatus> = new Set(['received', 'held', 'publishing']);

export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(id: string, from: ActionStatus, to: ActionStatus): void {
  if (!canTransition(from, to)) {
    throw new AirlockError('illegal_transition', `action ${id} is ${from}; it cannot become ${to}`, {
      details: { from, to },
    });
  }
}

/** The statuses from which `to` may be reached. */
export const sourcesOf = (to: ActionStatus): ActionStatus[] =>
  (Object.keys(TRANSITIONS) as ActionStatus[]).filter((s) => TRANSITIONS[s].includes(to));

/**
 * A hold whose time ran out is expired, whether or not a worker has marked it yet: it can no longer be
 * approved, released or extended (the worker records `expired` on its next pass).
 */
export function assertNotOverdue(
  action: { id: string; status: ActionStatus; expiresAt: Date | null },
  now: Date,
  verb: string,
): void {
  if (action.status === 'held' && action.expiresAt && action.expiresAt.getTime() <= now.getTime()) {
    throw new AirlockError(
      'illegal_transition',
      `action ${action.id} expired at ${action.expiresAt.toISOString()}; it can no longer be ${verb} (the agent must submit it again)`,
    );
  }
}
