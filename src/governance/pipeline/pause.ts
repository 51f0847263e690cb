// Kill switch: pausing an agent holds every action of it that has not reached the platform yet, on every
// Airlock process within a second. The pause lives in the database (agents.paused_at); each process reads
// it through a cache of at most PAUSE_CACHE_MS, so another process notices within that time, and the
// process that paused clears its cache at once. Checked on submit, on approval, and by the publishing
// claim right before the platform call (so approved-but-unpublished and retrying actions are caught).
import { AirlockError } from '../errors.ts';
import type { Action, Agent, Reason } from '../model.ts';
import type { Store } from '../ports.ts';
import { type PipelineDeps, transition } from './deps.ts';
import { announceProgress } from './notify.ts';

export const PAUSE_CACHE_MS = 500;
export const PAUSED_CODE = 'policy.agent_paused';

const caches = new WeakMap<Store, Map<string, { agent: Promise<Agent | null>; until: number }>>();

function cacheOf(store: Store) {
  let c = caches.get(store);
  if (!c) {
    c = new Map();
    caches.set(store, c);
  }
  return c;
}

export function forgetPause(store: Store): void {
  cacheOf(store).clear();
}

/** The agent if it is paused now (as of at most PAUSE_CACHE_MS ago), else null. */
export async function pausedAgent(deps: PipelineDeps, agentId: string): Promise<Agent | null> {
  const cache = cacheOf(deps.store);
  const now = performance.now();
  const hit = cache.get(agentId);
  if (hit && hit.until > now) return hit.agent;
  // Concurrent callers share one read (the promise is cached), not one read each when the entry lapses.
  const paused = deps.store.agents.get(agentId).then((agent) => (agent?.pausedAt ? agent : null));
  if (cache.size > 10_000) cache.clear();
  const entry = { agent: paused, until: now + PAUSE_CACHE_MS };
  cache.set(agentId, entry);
  paused.catch(() => {
    if (cache.get(agentId) === entry) cache.delete(agentId);
  });
  return paused;
}

export function pauseReason(agent: Agent): Reason {
  return {
    code: PAUSED_CODE,
    category: 'policy',
    message: `agent ${agent.name} is paused${agent.pauseReason ? `: ${agent.pauseReason}` : ''}; a reviewer decides each of its actions`,
  };
}

/** The decision with the pause reason added: a hold (a block stays a block). */
export function withPause(decision: Action['decision'], agent: Agent): Action['decision'] {
  const reasons = decision.reasons.some((r) => r.code === PAUSED_CODE)
    ? decision.reasons
    : [...decision.reasons, pauseReason(agent)];
  return {
    ...decision,
    decision: decision.decision === 'block' ? 'block' : 'hold',
    reasons,
    approvals: decision.approvals ?? { count: 1, group: 'default' },
  };
}

/** Moves an approved or claimed action back to `held` because its agent is paused. */
export async function holdForPause(
  deps: PipelineDeps,
  action: Action,
  agent: Agent,
  claim?: { nextAttemptAt: Date | null },
): Promise<Action> {
  const now = deps.clock.now();
  let held: Action;
  try {
    held = await deps.store.transaction((tx) =>
      transition(
        tx,
        action,
        'held',
        {
          decision: withPause(action.decision, agent),
          nextAttemptAt: null,
          expiresAt: new Date(now.getTime() + deps.settings.holdTtlMs),
        },
        { actor: 'system', type: 'action.held', data: { reason: PAUSED_CODE, agentId: agent.id } },
        now,
        claim,
      ),
    );
  } catch (e) {
    if (e instanceof AirlockError && e.code === 'conflict')
      return (await deps.store.actions.get(action.id)) ?? action;
    throw e;
  }
  deps.observer?.changed?.(held);
  await announceProgress(deps, held);
  return held;
}

export async function setPause(
  deps: PipelineDeps,
  actor: string,
  nameOrId: string,
  paused: boolean,
  reason: string | null,
): Promise<Agent> {
  const agent = (await deps.store.agents.get(nameOrId)) ?? (await deps.store.agents.byName(nameOrId));
  if (!agent) throw new AirlockError('not_found', `no agent ${nameOrId}`);
  const now = deps.clock.now();
  const updated = await deps.store.transaction(async (tx) => {
    const a = await tx.agents.setPaused(agent.id, paused ? now : null, reason);
    await tx.audit.append(
      {
        actor,
        type: paused ? 'agent.paused' : 'agent.resumed',
        actionId: null,
        data: { agentId: agent.id, reason },
      },
      now,
    );
    return a ?? agent;
  });
  forgetPause(deps.store);
  if (paused) {
    // Approved actions waiting for an external executor go back to reviewers now; `publishing` ones are
    // caught by the claim check before their (next) platform call.
    for (const a of await deps.store.actions.list({ status: 'approved', agentId: agent.id, limit: 1000 })) {
      await holdForPause(deps, a, updated);
    }
  }
  return updated;
}
