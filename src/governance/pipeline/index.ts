// The pipeline's public surface: the gateways entry points call, admin operations for the CLI, and the
// background worker that retries publishes and expires holds.
import { AirlockError } from '../errors.ts';
import type { ActionView, AgentGateway, PlatformGateway, ReviewGateway } from '../gateway.ts';
import type { Action, Agent, Reviewer } from '../model.ts';
import type { PipelineDeps } from './deps.ts';
import {
  addAgent,
  addReviewer,
  authenticateAgent,
  authenticateReviewer,
  revokeAgent,
  revokeReviewer,
} from './identities.ts';
import { claimExecution, completeExecution, expireDue, ownAction, retryDue, withdraw } from './lifecycle.ts';
import { recordRequest } from './record-request.ts';
import { discard, release } from './consent.ts';
import { setPause } from './pause.ts';
import { createPlatformGateway } from './platform-gateway.ts';
import { retract } from './retract.ts';
import { approve, reject } from './review.ts';
import { extend, remindAndEscalate } from './time.ts';
import { UNDECIDED } from './state.ts';
import { submitAction } from './submit-action.ts';
import { toView } from './view.ts';

export {
  DEFAULT_SETTINGS,
  type PipelineDeps,
  type PipelineLog,
  type PipelineObserver,
  type PipelineSettings,
} from './deps.ts';
export { TRANSITIONS, canTransition } from './state.ts';
export { submitAction } from './submit-action.ts';
export { toView } from './view.ts';

export interface Governance {
  agents: AgentGateway & {
    submit(
      agent: Agent,
      body: Parameters<AgentGateway['submitAction']>[1],
      key?: string,
    ): Promise<{ view: ActionView; replayed: boolean }>;
    withdraw(agent: Agent, id: string): Promise<ActionView>;
  };
  reviews: ReviewGateway;
  /** What platform inbound handlers call (after verifying a request's signature). */
  platform: PlatformGateway;
  admin: {
    /** Kill switch from the CLI (actor `system`); admins over the API use `reviews.pauseAgent`. */
    pauseAgent: (nameOrId: string, reason: string | null, actor?: string) => Promise<Agent>;
    resumeAgent: (nameOrId: string, actor?: string) => Promise<Agent>;
    /** `actor` is recorded on the audit event: `reviewer:<id>` over HTTP, `cli`, or `system` (default). */
    addAgent: (
      name: string,
      identities?: Record<string, string>,
      actor?: string,
    ) => ReturnType<typeof addAgent>;
    revokeAgent: (nameOrId: string, actor?: string) => Promise<Agent>;
    addReviewer: (
      name: string,
      groups: string[],
      identities?: Record<string, string>,
      actor?: string,
    ) => ReturnType<typeof addReviewer>;
    revokeReviewer: (nameOrId: string, actor?: string) => Promise<Reviewer>;
  };
  worker: {
    /** One pass: retry due publishes, expire overdue holds. Returns how many actions it touched. */
    tick(): Promise<number>;
    start(intervalMs?: number): void;
    stop(): Promise<void>;
  };
}

function requireAdmin(reviewer: Reviewer): Reviewer {
  if (reviewer.revokedAt || !reviewer.groups.includes('admin'))
    throw new AirlockError(
      'forbidden',
      `${reviewer.name} is not an admin; only reviewers in group "admin" pause or resume agents`,
    );
  return reviewer;
}

export function createGovernance(deps: PipelineDeps): Governance {
  // Wake local waiters at once; waiters in other processes notice on their next poll.
  const waiters = new Map<string, Set<() => void>>();
  const prevChanged = deps.observer?.changed;
  const observed: PipelineDeps = {
    ...deps,
    observer: {
      ...deps.observer,
      changed: (a: Action) => {
        prevChanged?.(a);
        for (const wake of waiters.get(a.id) ?? []) wake();
      },
    },
  };

  const waitForDecision: AgentGateway['waitForDecision'] = async (agent, id, opts) => {
    const started = Date.now();
    const deadline = started + Math.max(0, Math.min(opts.timeoutMs, 10 * 60_000));
    let lastProgress = started;
    for (;;) {
      const action = await ownAction(observed, agent, id);
      const now = Date.now();
      if (!UNDECIDED.has(action.status) || now >= deadline || opts.signal?.aborted) return toView(action);
      if (opts.onProgress && now - lastProgress >= 5_000) {
        lastProgress = now;
        await opts.onProgress(toView(action), now - started);
      }
      await new Promise<void>((resolve) => {
        const set = waiters.get(id) ?? new Set();
        waiters.set(id, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiters.delete(id);
          opts.signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(1_000, Math.max(0, deadline - now)));
        set.add(done);
        opts.signal?.addEventListener('abort', done);
      });
    }
  };

  const agents: Governance['agents'] = {
    authenticateAgent: (token) => authenticateAgent(observed, token),
    submit: (agent, body, key) => submitAction(observed, agent, body, key),
    submitAction: async (agent, body, key) => (await submitAction(observed, agent, body, key)).view,
    getAction: async (agent, id) => toView(await ownAction(observed, agent, id)),
    waitForDecision,
    listRequests: (agent, opts = {}) =>
      observed.store.requests.listForAgent(agent.id, {
        limit: Math.min(opts.limit ?? 20, 200),
        since: opts.since,
      }),
    getRequest: async (agent, id) => {
      const r = await observed.store.requests.get(id);
      if (!r || (r.agentId !== null && r.agentId !== agent.id))
        throw new AirlockError('not_found', `no request ${id}`);
      return r;
    },
    claimExecution: async (agent, id) => toView(await claimExecution(observed, agent, id)),
    completeExecution: async (agent, id, outcome) =>
      toView(await completeExecution(observed, agent, id, outcome)),
    withdraw: async (agent, id) => toView(await withdraw(observed, agent, id)),
    audit: async (agent, type, data) => {
      if (!/^[a-z][a-z0-9_.]{0,63}$/.test(type))
        throw new AirlockError('invalid_input', 'type: lowercase dotted name expected', { field: 'type' });
      await observed.store.audit.append(
        { actor: `agent:${agent.id}`, type: `agent.${type}`, actionId: null, data },
        observed.clock.now(),
      );
    },
  };

  const reviews: ReviewGateway = {
    authenticateReviewer: (token) => authenticateReviewer(observed, token),
    reviewerOnPlatform: async (platform, userId) => {
      const r = await observed.store.reviewers.byIdentity(platform, userId);
      if (!r || r.revokedAt)
        throw new AirlockError('forbidden', `${platform} user ${userId} is not an Airlock reviewer`);
      return r;
    },
    recordRequest: (body, by) => recordRequest(observed, body, by),
    listActions: async (filter) => (await observed.store.actions.list(filter)).map(toView),
    getAction: async (id) => {
      const a = await observed.store.actions.get(id);
      if (!a) throw new AirlockError('not_found', `no action ${id}`);
      return toView(a);
    },
    approve: (reviewer, id, opts) => approve(observed, reviewer, id, opts),
    reject: (reviewer, id, opts) => reject(observed, reviewer, id, opts),
    extend: async (reviewer, id, opts) => toView(await extend(observed, reviewer, id, opts)),
    release: async (by, id) => toView(await release(observed, by, id)),
    discard: async (by, id, opts) => toView(await discard(observed, by, id, opts)),
    retract: async (by, id, opts) => toView(await retract(observed, by, id, opts)),
    pauseAgent: (admin, nameOrId, reason) =>
      setPause(observed, `reviewer:${requireAdmin(admin).id}`, nameOrId, true, reason),
    resumeAgent: (admin, nameOrId) =>
      setPause(observed, `reviewer:${requireAdmin(admin).id}`, nameOrId, false, null),
  };

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  const tick = async () =>
    (await retryDue(observed)) + (await expireDue(observed)) + (await remindAndEscalate(observed));
  const worker: Governance['worker'] = {
    tick,
    start: (intervalMs = 1_000) => {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((e: unknown) => {
            deps.log.warn(
              { error: e instanceof Error ? e.message : String(e) },
              'worker pass failed; will retry',
            );
            return 0;
          })
          .finally(() => {
            running = null;
          });
      }, intervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };

  return {
    agents,
    reviews,
    platform: createPlatformGateway(observed),
    admin: {
      pauseAgent: (nameOrId, reason, actor = 'system') => setPause(observed, actor, nameOrId, true, reason),
      resumeAgent: (nameOrId, actor = 'system') => setPause(observed, actor, nameOrId, false, null),
      addAgent: (name, identities, actor) => addAgent(observed, name, identities, actor),
      revokeAgent: (nameOrId, actor) => revokeAgent(observed, nameOrId, actor),
      addReviewer: (name, groups, identities, actor) =>
        addReviewer(observed, name, groups, identities, actor),
      revokeReviewer: (nameOrId, actor) => revokeReviewer(observed, nameOrId, actor),
    },
    worker,
  };
}
