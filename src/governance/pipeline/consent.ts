// Use cases for the requester of a held action: release ("let it post", only when the hold's reasons are
// all scope: the requester is the one who can say what they asked for) and discard. Content risks still
// need a reviewer. Release is recorded as a grant on the request, for exactly the held content.
import { AirlockError } from '../errors.ts';
import type { RequesterActor } from '../gateway.ts';
import type { Action, StoredRequest } from '../model.ts';
import type { Repos } from '../ports.ts';
import { isScopeOnly } from './cards.ts';
import { type PipelineDeps, platformOf, transition } from './deps.ts';
import { type Decider, announceOutcome } from './notify.ts';
import { pausedAgent } from './pause.ts';
import { publishClaimed } from './publish.ts';
import { assertNotOverdue } from './state.ts';
import { load } from './review.ts';

export interface RequesterParty {
  /** The audit actor. */
  actor: string;
  by: Decider;
}

/** Checks that `by` speaks for the requester of `request`; throws forbidden otherwise. */
export function asRequester(
  by: RequesterActor,
  action: Action,
  request: StoredRequest | null,
): RequesterParty {
  const who = request?.requester;
  if (!request || !who) {
    throw new AirlockError(
      'forbidden',
      `action ${action.id} answers no recorded request, so it has no requester`,
    );
  }
  const name = who.name ?? who.id;
  const requester = (actor: string): RequesterParty => ({
    actor,
    by: { kind: 'requester', id: who.id, name },
  });
  if (by.kind === 'integration' && by.requesterId === who.id)
    return requester(`requester:${request.platform}:${who.id}`);
  if (by.kind === 'platform' && by.platform === request.platform && by.platformUserId === who.id)
    return requester(`requester:${request.platform}:${who.id}`);
  if (
    by.kind === 'reviewer' &&
    !by.reviewer.revokedAt &&
    (by.reviewer.identities[request.platform] === who.id ||
      request.recordedBy === `reviewer:${by.reviewer.id}`)
  ) {
    return {
      actor: `reviewer:${by.reviewer.id}`,
      by: { kind: 'requester', id: who.id, name: by.reviewer.name },
    };
  }
  throw new AirlockError('forbidden', `only the requester (${name}) may do this for action ${action.id}`);
}

async function loadWithRequest(tx: Repos, id: string) {
  const action = await load(tx, id);
  const request = action.requestId ? await tx.requests.get(action.requestId) : null;
  return { action, request };
}

export async function release(deps: PipelineDeps, by: RequesterActor, id: string): Promise<Action> {
  const first = await deps.store.actions.get(id);
  if (first && (await pausedAgent(deps, first.agentId))) {
    throw new AirlockError(
      'agent_paused',
      `the agent of action ${id} is paused; a reviewer decides its actions`,
    );
  }
  const now = deps.clock.now();
  let party: RequesterParty | null = null;
  const result = await deps.store.transaction(async (tx) => {
    const { action, request } = await loadWithRequest(tx, id);
    party = asRequester(by, action, request);
    if (action.status !== 'held') {
      throw new AirlockError(
        'illegal_transition',
        `action ${id} is ${action.status}; only a held action can be released`,
      );
    }
    assertNotOverdue(action, now, 'released');
    if (action.decision.decision !== 'hold' || !isScopeOnly(action.decision.reasons)) {
      throw new AirlockError(
        'forbidden',
        `action ${id} is held for more than scope (${action.decision.reasons.map((r) => r.code).join(', ')}); a reviewer must decide`,
      );
    }
    await tx.grants.insert({
      id: deps.ids.next('gnt'),
      requestId: action.requestId as string,
      actionId: id,
      contentHash: action.contentHash,
      grantedBy: party.actor,
      createdAt: now,
    });
    const approved = await transition(
      tx,
      action,
      'approved',
      {},
      {
        actor: party.actor,
        type: 'action.released',
        data: { requestId: action.requestId, contentHash: action.contentHash },
      },
      now,
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
  if (result.publish) return publishClaimed(deps, result.action);
  return result.action;
}

export async function discard(
  deps: PipelineDeps,
  by: RequesterActor,
  id: string,
  opts: { reason?: string | undefined } = {},
): Promise<Action> {
  const now = deps.clock.now();
  let party: RequesterParty | null = null;
  const done = await deps.store.transaction(async (tx) => {
    const { action, request } = await loadWithRequest(tx, id);
    const p = asRequester(by, action, request);
    party = p;
    return transition(
      tx,
      action,
      'rejected',
      { expiresAt: null },
      { actor: p.actor, type: 'action.rejected', data: { reason: opts.reason ?? null, discarded: true } },
      now,
    );
  });
  deps.observer?.changed?.(done);
  const p = party as RequesterParty | null;
  await announceOutcome(deps, done, 'rejected', p?.by, {
    reason: opts.reason ?? 'discarded by the requester',
  });
  return done;
}
