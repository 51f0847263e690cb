import { createHash } from 'node:crypto';
import { AirlockError } from '../errors.ts';
import type { Action, ActionStatus, Agent, NewAuditEvent } from '../model.ts';
import type { Classifier, Clock, IdSource, Platform, Repos, Store } from '../ports.ts';
import { canonicalJson } from '../audit/chain.ts';
import { assertTransition } from './state.ts';

export interface PipelineSettings {
  /** How long a held action waits for reviewers before it expires. */
  holdTtlMs: number;
  /** Publish attempts before an action ends `failed`. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, capped at maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a publishing claim is exclusive before the retry worker may take it over (crash recovery). */
  claimLeaseMs: number;
  defaultPlatform: string;
  /** How long after publishing a reviewer or the requester may retract a post. */
  retractWindowMs: number;
  /** Remind reviewers this long before a hold expires (0: never). */
  reminderBeforeMs: number;
  /** Escalate a hold nobody answered for this long (0: never)... */
  escalateAfterMs: number;
  /** ...to reviewers of this group (besides the hold's own group). */
  escalationGroup: string;
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  holdTtlMs: 72 * 3600_000,
  maxAttempts: 5,
  backoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  claimLeaseMs: 60_000,
  defaultPlatform: 'local',
  retractWindowMs: 10 * 60_000,
  reminderBeforeMs: 4 * 3600_000,
  escalateAfterMs: 24 * 3600_000,
  escalationGroup: 'admin',
};

export interface PipelineLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface PipelineObserver {
  decided?(action: Action, ms: number): void;
  changed?(action: Action): void;
}

export interface PipelineDeps {
  store: Store;
  classifier: Classifier;
  platforms: ReadonlyMap<string, Platform>;
  clock: Clock;
  ids: IdSource;
  settings: PipelineSettings;
  log: PipelineLog;
  observer?: PipelineObserver;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const contentHashOf = (
  a: Pick<Action, 'kind' | 'platform' | 'channel' | 'thread' | 'recipient' | 'text' | 'change'>,
) =>
  sha256(
    canonicalJson({
      kind: a.kind,
      platform: a.platform,
      channel: a.channel,
      thread: a.thread,
      recipient: a.recipient,
      text: a.text,
      change: a.change,
    }),
  );

export function platformOf(deps: PipelineDeps, name: string): Platform {
  const p = deps.platforms.get(name);
  if (!p) {
    throw new AirlockError(
      'invalid_input',
      `platform: "${name}" is not configured (configured: ${[...deps.platforms.keys()].join(', ')})`,
      {
        field: 'platform',
      },
    );
  }
  return p;
}

export const actorOf = (agent: Agent) => `agent:${agent.id}`;

/**
 * Moves an action from its current status to `to` inside `tx`, with its audit event. Fails with
 * illegal_transition if the move is not allowed, or conflict if someone else moved it first.
 */
export async function transition(
  tx: Repos,
  action: Action,
  to: ActionStatus,
  patch: Partial<Action>,
  audit: Omit<NewAuditEvent, 'actionId'>,
  at: Date,
  /** Compare-and-set: the publishing claim the caller holds, or the exact content being approved. */
  guard?: { nextAttemptAt?: Date | null; contentHash?: string },
): Promise<Action> {
  assertTransition(action.id, action.status, to);
  const updated = await tx.actions.update(
    action.id,
    [action.status],
    { ...patch, status: to, updatedAt: at },
    guard,
    action,
  );
  if (!updated) {
    const now = await tx.actions.get(action.id);
    throw new AirlockError(
      'conflict',
      `action ${action.id} changed concurrently (now ${now?.status ?? 'gone'}); retry`,
    );
  }
  await tx.audit.append(
    { ...audit, actionId: action.id, data: { from: action.status, to, ...audit.data } },
    at,
  );
  return updated;
}
