// Use case: a platform or a trusted integration records what a human asked an agent.
import { AirlockError, invalidInput } from '../errors.ts';
import type { RecordRequestBody } from '../gateway.ts';
import { z } from 'zod';
import { PROVENANCES, RequestInput, type StoredRequest } from '../model.ts';

const Body = RequestInput.extend({
  agent_id: z.string().min(1).nullish(),
  provenance: z.enum(PROVENANCES).optional(),
});
import type { PipelineDeps } from './deps.ts';

export async function recordRequest(
  deps: PipelineDeps,
  body: RecordRequestBody,
  actor: string,
): Promise<StoredRequest> {
  const parsed = Body.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { agent_id, provenance, ...input } = parsed.data;
  const agentId = agent_id ?? null;
  if (agentId !== null && !(await deps.store.agents.get(agentId))) {
    throw new AirlockError('invalid_input', `agent_id: no agent ${agentId}`, { field: 'agent_id' });
  }
  const now = deps.clock.now();
  const request: StoredRequest = {
    ...input,
    id: deps.ids.next('req'),
    agentId,
    provenance: provenance ?? 'api',
    createdAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.requests.insert(request);
    await tx.audit.append(
      {
        actor,
        type: 'request.recorded',
        actionId: null,
        data: { requestId: request.id, agentId, provenance: request.provenance, platform: request.platform },
      },
      now,
    );
  });
  return request;
}
