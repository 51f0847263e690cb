// Use cases outside submit and review: withdraw, expire, retry due publishes, and external execution
// (the MCP proxy claims an approved action, runs it upstream, and reports back).
import { AirlockError } from '../errors.ts';
import type { Action, Agent } from '../model.ts';
import { actorOf, type PipelineDeps, transition } from './deps.ts';
import { announceOutcome } from './notify.ts';
import { publishClaimed } from './publish.ts';

async function ownAction(deps: PipelineDeps, agent: Agent, id: string): Promise<Action> {
  const action = await deps.store.actions.get(id);
  // Another agent's action is reported as missing: ids must not leak across agents.
  if (!action || action.agentId !== agent.id) throw new AirlockError('not_found', `no action ${id}`);
  return action;
}

export async function withdraw(deps: PipelineDeps, agent: Agent, id: string): Promise<Action> {
  const action = await ownAction(deps, agent, id);
  const now = deps.clock.now();
  const done = await deps.store.transaction((tx) =>
    transition(
      tx,
      action,
      'withdrawn',
      { expiresAt: null },
      { actor: actorOf(agent), type: 'action.withdrawn', data: {} },
      now,
    ),
  );
  deps.observer?.changed?.(done);
  await announceOutcome(deps, done, 'withdrawn');
  return done;
}

export async function expireDue(deps: PipelineDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  let n = 0;
  for (const action of await deps.store.actions.expiring(now, limit)) {
    try {
      const done = await deps.store.transaction((tx) =>
        transition(
          tx,
          action,
          'expired',
          {},
          { actor: 'system', type: 'action.expired', data: { expiresAt: action.expiresAt?.toISOString() } },
          now,
        ),
      );
      deps.observer?.changed?.(done);
      await announceOutcome(deps, done, 'expired');
      n++;
    } catch (e) {
      // Someone approved or rejected it meanwhile: theirs wins.
      if (!(e instanceof AirlockError && e.code === 'conflict')) throw e;
    }
  }
  return n;
}

export async function retryDue(deps: PipelineDeps, limit = 50): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.store.actions.claimDue(
    now,
    new Date(now.getTime() + deps.settings.claimLeaseMs),
    limit,
  );
  for (const action of claimed) {
    if (deps.platforms.get(action.platform)?.external) continue;
    await publishClaimed(deps, action);
  }
  return claimed.length;
}

export async function claimExecution(deps: PipelineDeps, agent: Agent, id: string): Promise<Action> {
  const action = await ownAction(deps, agent, id);
  if (!deps.platforms.get(action.platform)?.external) {
    throw new AirlockError(
      'conflict',
      `action ${id} is published by Airlock itself; there is nothing to claim`,
    );
  }
  if (action.status !== 'approved') {
    throw new AirlockError(
      'conflict',
      `action ${id} is ${action.status}; only an approved action can be claimed`,
    );
  }
  const now = deps.clock.now();
  const claimed = await deps.store.transaction((tx) =>
    transition(
      tx,
      action,
      'publishing',
      { nextAttemptAt: null, expiresAt: null },
      { actor: actorOf(agent), type: 'action.claimed', data: { contentHash: action.contentHash } },
      now,
    ),
  );
  deps.observer?.changed?.(claimed);
  return claimed;
}

export async function completeExecution(
  deps: PipelineDeps,
  agent: Agent,
  id: string,
  outcome: { ok: true; ref?: string | undefined } | { ok: false; error: string },
): Promise<Action> {
  const action = await ownAction(deps, agent, id);
  if (action.status !== 'publishing') {
    throw new AirlockError('conflict', `action ${id} is ${action.status}; claim it before completing it`);
  }
  const now = deps.clock.now();
  const done = await deps.store.transaction((tx) =>
    outcome.ok
      ? transition(
          tx,
          action,
          'published',
          { platformRef: outcome.ref ?? null, publishedAt: now, attempts: action.attempts + 1 },
          {
            actor: actorOf(agent),
            type: 'action.published',
            data: { ref: outcome.ref ?? null, contentHash: action.contentHash },
          },
          now,
        )
      : transition(
          tx,
          action,
          'failed',
          { lastError: outcome.error, attempts: action.attempts + 1 },
          { actor: actorOf(agent), type: 'action.failed', data: { error: outcome.error } },
          now,
        ),
  );
  deps.observer?.changed?.(done);
  return done;
}

export { ownAction, publishClaimed };
