// Use case: a trusted integration, a reviewer, or a verified platform event records what a human asked an
// agent. Provenance comes from who is calling, never from the body: `api` for the integration token and
// reviewers (a reviewer becomes the request's recorded author), `platform` only for verified platform
// events (de-duplicated on the platform's event id).
import { AirlockError, invalidInput } from '../errors.ts';
import type { PlatformRequestInput, RecordRequestBody, RequestRecorder } from '../gateway.ts';
import { z } from 'zod';
import { type Provenance, RequestInput, type StoredRequest } from '../model.ts';
import type { PipelineDeps } from './deps.ts';

const Body = RequestInput.extend({ agent_id: z.string().min(1).nullish() }).strict();

export async function recordRequest(
  deps: PipelineDeps,
  body: RecordRequestBody,
  by: RequestRecorder,
): Promise<StoredRequest> {
  const parsed = Body.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { agent_id, ...input } = parsed.data;
  const actor = by.kind === 'reviewer' ? `reviewer:${by.reviewer.id}` : 'integration';
  return insertRequest(deps, input, agent_id ?? null, 'api', actor);
}

export async function recordPlatformRequest(
  deps: PipelineDeps,
  input: PlatformRequestInput,
): Promise<{ request: StoredRequest; replayed: boolean }> {
  const prior = await deps.store.requests.byEvent(input.platform, input.eventId);
  if (prior) return { request: prior, replayed: true };
  const parsed = RequestInput.safeParse({
    text: input.text,
    requester: input.requester,
    platform: input.platform,
    origin: input.origin,
  });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  try {
    const request = await insertRequest(
      deps,
      parsed.data,
      input.agentId,
      'platform',
      `platform:${input.platform}`,
      {
        platform: input.platform,
        id: input.eventId,
      },
    );
    return { request, replayed: false };
  } catch (e) {
    // The same event delivered twice at once: the loser answers like a replay.
    const again = await deps.store.requests.byEvent(input.platform, input.eventId);
    if (again) return { request: again, replayed: true };
    throw e;
  }
}

async function insertRequest(
  deps: PipelineDeps,
  input: z.infer<typeof RequestInput>,
  agentId: string | null,
  provenance: Provenance,
  actor: string,
  event?: { platform: string; id: string },
): Promise<StoredRequest> {
  if (agentId !== null && !(await deps.store.agents.get(agentId))) {
    throw new AirlockError('invalid_input', `agent_id: no agent ${agentId}`, { field: 'agent_id' });
  }
  const now = deps.clock.now();
  const request: StoredRequest = {
    ...input,
    id: deps.ids.next('req'),
    agentId,
    provenance,
    recordedBy: actor,
    createdAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.requests.insert(request, event);
    await tx.audit.append(
      {
        actor,
        type: 'request.recorded',
        actionId: null,
        data: {
          requestId: request.id,
          agentId,
          provenance,
          platform: request.platform,
          requester: request.requester.id,
          ...(event ? { eventId: event.id } : {}),
        },
      },
      now,
    );
  });
  return request;
}
