// Use case: an agent submits an action. Validate, classify (failing closed), stage with the decision and
// its audit events in one transaction, then publish at once or announce the hold.
import { AirlockError, invalidInput } from '../errors.ts';
import { classifierFailed } from '../fail-closed.ts';
import type { ActionView, SubmitActionBody } from '../gateway.ts';
import {
  type Action,
  ActionInput,
  Context,
  type Decision,
  type StoredRequest,
  type Agent,
} from '../model.ts';
import { canonicalJson } from '../audit/chain.ts';
import { actorOf, contentHashOf, type PipelineDeps, platformOf, sha256 } from './deps.ts';
import { announceHold } from './notify.ts';
import { pausedAgent, withPause } from './pause.ts';
import { publishClaimed } from './publish.ts';
import { assertTransition } from './state.ts';
import { toView } from './view.ts';

const MAX_IDEMPOTENCY_KEY = 255;

/** The classifier runs on untrusted input; if it throws, the action waits for a human. */
export function classifySafely(
  deps: PipelineDeps,
  request: StoredRequest | null,
  agent: Agent,
  action: ActionInput,
  context: Context | undefined,
): Decision {
  try {
    return deps.classifier.classify({
      request: request
        ? {
            text: request.text,
            requester: request.requester,
            platform: request.platform,
            origin: request.origin,
          }
        : null,
      agent: { id: agent.id, name: agent.name },
      action,
      context,
    });
  } catch (e) {
    deps.log.error(
      { error: e instanceof Error ? e.message : String(e) },
      'classifier failed; holding the action',
    );
    return classifierFailed(e);
  }
}

function parseBody(body: SubmitActionBody): { action: ActionInput; context: Context | undefined } {
  const a = ActionInput.safeParse(body.action);
  if (!a.success) throw invalidInput(a.error.issues, 'action');
  let context: Context | undefined;
  if (body.context !== undefined && body.context !== null) {
    const c = Context.safeParse(body.context);
    if (!c.success) throw invalidInput(c.error.issues, 'context');
    context = c.data;
  }
  return { action: a.data, context };
}

export async function submitAction(
  deps: PipelineDeps,
  agent: Agent,
  body: SubmitActionBody,
  idempotencyKey?: string,
): Promise<{ view: ActionView; replayed: boolean }> {
  const started = performance.now();
  if (
    idempotencyKey !== undefined &&
    (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)
  ) {
    throw new AirlockError('invalid_input', `Idempotency-Key: must be 1-${MAX_IDEMPOTENCY_KEY} characters`, {
      field: 'Idempotency-Key',
    });
  }
  const { action: input, context } = parseBody(body);
  // Only a retry with a key is compared with its first submission, so only then is the body hashed.
  const bodyHash = idempotencyKey
    ? sha256(canonicalJson({ request_id: body.request_id, action: input, context, platform: body.platform }))
    : null;

  if (idempotencyKey && bodyHash) {
    const prior = await deps.store.actions.byIdempotencyKey(agent.id, idempotencyKey);
    if (prior) return replay(prior, bodyHash, idempotencyKey);
  }

  let request: StoredRequest | null = null;
  if (body.request_id !== null && body.request_id !== undefined) {
    request = await deps.store.requests.get(body.request_id);
    if (!request)
      throw new AirlockError('invalid_input', `request_id: no request ${body.request_id}`, {
        field: 'request_id',
      });
    if (request.agentId !== null && request.agentId !== agent.id) {
      throw new AirlockError(
        'invalid_input',
        `request_id: request ${body.request_id} was made of another agent`,
        { field: 'request_id' },
      );
    }
  }
  const platform = platformOf(
    deps,
    body.platform ??
      (request && deps.platforms.has(request.platform) ? request.platform : deps.settings.defaultPlatform),
  );
  if (input.text.length > platform.maxTextLength) {
    throw new AirlockError(
      'too_large',
      `action.text: ${input.text.length.toLocaleString('en-US')} characters is over ${platform.name}'s limit of ${platform.maxTextLength.toLocaleString('en-US')}`,
      {
        field: 'action.text',
      },
    );
  }

  const judged = classifySafely(deps, request, agent, input, context);
  // Kill switch: a paused agent's actions are all held for a reviewer.
  const paused = await pausedAgent(deps, agent.id);
  const decision = paused ? withPause(judged, paused) : judged;
  const now = deps.clock.now();
  const status =
    decision.decision === 'publish'
      ? platform.external
        ? 'approved'
        : 'publishing'
      : decision.decision === 'hold'
        ? 'held'
        : 'blocked';
  const fields = {
    kind: input.kind,
    platform: platform.name,
    channel: input.channel ?? null,
    thread: input.thread ?? null,
    recipient: input.recipient ?? null,
    text: input.text,
    change: input.change ?? null,
  };
  const action: Action = {
    id: deps.ids.next('act'),
    agentId: agent.id,
    requestId: request?.id ?? null,
    ...fields,
    context: context ?? null,
    contentHash: contentHashOf(fields),
    status,
    decision,
    idempotencyKey: idempotencyKey ?? null,
    bodyHash,
    platformRef: null,
    attempts: 0,
    // A publishing claim is exclusive for the lease; after a crash the retry worker takes it over.
    nextAttemptAt: status === 'publishing' ? new Date(now.getTime() + deps.settings.claimLeaseMs) : null,
    lastError: null,
    expiresAt:
      status === 'held' || status === 'approved' ? new Date(now.getTime() + deps.settings.holdTtlMs) : null,
    createdAt: now,
    updatedAt: now,
    decidedAt: now,
    publishedAt: null,
  };

  // Decided publish on a platform that delivers into Airlock's own database (local): stage, deliver and
  // record it published in one transaction (with group commit, one statement shared with concurrent
  // submissions). The delivery commits with its record or not at all, so no crash can leave it delivered
  // but unrecorded; nothing can have been delivered yet under this fresh id (`firstAttempt`).
  const delivery =
    status === 'publishing' && platform.prepareDelivery
      ? await platform
          .prepareDelivery({ action, idempotencyKey: action.id, approvedBy: [], firstAttempt: true })
          .catch(() => null) // then staged as `publishing` and published below, as on any platform
      : null;
  const published: Action | null = delivery
    ? {
        ...action,
        status: 'published',
        platformRef: delivery.ref.id,
        publishedAt: now,
        nextAttemptAt: null,
        attempts: 1,
        lastError: null,
      }
    : null;
  if (published) assertTransition(action.id, status, 'published');

  try {
    await deps.store.transaction(async (tx) => {
      await tx.actions.insert(published ?? action);
      await tx.audit.append(
        {
          actor: actorOf(agent),
          type: 'action.received',
          actionId: action.id,
          data: {
            contentHash: action.contentHash,
            requestId: action.requestId,
            kind: action.kind,
            platform: action.platform,
          },
        },
        now,
      );
      await tx.audit.append(
        {
          actor: 'system',
          type: 'action.decided',
          actionId: action.id,
          data: { from: 'received', to: status, decision, classifier: deps.classifier.name },
        },
        now,
      );
      if (published && delivery) {
        if (delivery.message) await tx.outbox.insert(delivery.message);
        await tx.audit.append(
          {
            actor: 'system',
            type: 'action.published',
            actionId: action.id,
            data: {
              from: status,
              to: 'published',
              platform: platform.name,
              ref: delivery.ref.id,
              contentHash: action.contentHash,
            },
          },
          now,
        );
        await tx.refs.put(action.id, 'message', platform.name, delivery.ref, now);
      }
    });
  } catch (e) {
    // Two submissions with one key raced: the loser answers like a retry.
    if (idempotencyKey && bodyHash && isUniqueViolation(e)) {
      const prior = await deps.store.actions.byIdempotencyKey(agent.id, idempotencyKey);
      if (prior) return replay(prior, bodyHash, idempotencyKey);
    }
    throw e;
  }
  deps.observer?.decided?.(action, performance.now() - started);
  if (published) {
    deps.observer?.changed?.(published);
    return { view: toView(published), replayed: false };
  }

  // The action is stored: from here on the agent is told what was stored. If publishing or announcing
  // fails now (the database went away mid-publish), an error would say "nothing was changed" and invite
  // a second submission; the publishing claim lapses and the retry worker finishes it instead.
  try {
    if (status === 'publishing') {
      // Staged just now under a fresh id: no delivery of it can exist yet.
      return { view: toView(await publishClaimed(deps, action, { justStaged: true })), replayed: false };
    }
    if (status === 'held' || status === 'blocked') await announceHold(deps, action, agent);
  } catch (e) {
    deps.log.warn(
      { actionId: action.id, status, error: e instanceof Error ? e.message : String(e) },
      'action stored, but publishing or announcing it failed; the worker retries the publish',
    );
  }
  return { view: toView(action), replayed: false };
}

function replay(prior: Action, bodyHash: string, key: string): { view: ActionView; replayed: boolean } {
  if (prior.bodyHash !== bodyHash) {
    throw new AirlockError(
      'idempotency_conflict',
      `Idempotency-Key "${key}" was used for a different action (${prior.id})`,
      {
        field: 'Idempotency-Key',
      },
    );
  }
  return { view: toView(prior), replayed: true };
}

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
