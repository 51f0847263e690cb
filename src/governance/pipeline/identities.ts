// Agents and reviewers, and their bearer tokens. Tokens are random; only their SHA-256 is stored
// (they carry 256 bits, so a slow hash adds nothing), and they are shown once, at creation.
import { randomBytes } from 'node:crypto';
import { AirlockError } from '../errors.ts';
import type { Agent, Reviewer } from '../model.ts';
import { type PipelineDeps, sha256 } from './deps.ts';

export const newToken = (kind: 'agent' | 'reviewer') =>
  `alk_${kind}_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string) => sha256(token);

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new AirlockError(
      'invalid_input',
      `name: "${name}" must be 1-64 letters, digits, dot, dash or underscore`,
      { field: 'name' },
    );
  }
}

/** Who did an admin operation, for the audit trail: `reviewer:<id>` over HTTP, `cli` or `system`. */
export type AdminActor = string;

export async function addAgent(
  deps: PipelineDeps,
  name: string,
  identities: Record<string, string> = {},
  actor: AdminActor = 'system',
) {
  checkName(name);
  if (await deps.store.agents.byName(name))
    throw new AirlockError('conflict', `an agent named ${name} exists`, { field: 'name' });
  const token = newToken('agent');
  const now = deps.clock.now();
  const agent: Agent = { id: deps.ids.next('agt'), name, identities, createdAt: now, revokedAt: null };
  await deps.store.transaction(async (tx) => {
    await tx.agents.insert(agent, tokenHash(token));
    await tx.audit.append(
      { actor, type: 'agent.added', actionId: null, data: { agentId: agent.id, name, identities } },
      now,
    );
  });
  return { agent, token };
}

export async function revokeAgent(
  deps: PipelineDeps,
  nameOrId: string,
  actor: AdminActor = 'system',
): Promise<Agent> {
  const agent = (await deps.store.agents.get(nameOrId)) ?? (await deps.store.agents.byName(nameOrId));
  if (!agent) throw new AirlockError('not_found', `no agent ${nameOrId}`);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.agents.revoke(agent.id, now);
    await tx.audit.append({ actor, type: 'agent.revoked', actionId: null, data: { agentId: agent.id } }, now);
  });
  return { ...agent, revokedAt: now };
}

export async function addReviewer(
  deps: PipelineDeps,
  name: string,
  groups: string[],
  identities: Record<string, string> = {},
  actor: AdminActor = 'system',
) {
  checkName(name);
  for (const g of groups) checkName(g);
  if (await deps.store.reviewers.byName(name))
    throw new AirlockError('conflict', `a reviewer named ${name} exists`, { field: 'name' });
  const token = newToken('reviewer');
  const now = deps.clock.now();
  const reviewer: Reviewer = {
    id: deps.ids.next('rvw'),
    name,
    groups,
    identities,
    createdAt: now,
    revokedAt: null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.reviewers.insert(reviewer, tokenHash(token));
    await tx.audit.append(
      {
        actor,
        type: 'reviewer.added',
        actionId: null,
        data: { reviewerId: reviewer.id, name, groups },
      },
      now,
    );
  });
  return { reviewer, token };
}

export async function revokeReviewer(
  deps: PipelineDeps,
  nameOrId: string,
  actor: AdminActor = 'system',
): Promise<Reviewer> {
  const reviewer =
    (await deps.store.reviewers.get(nameOrId)) ?? (await deps.store.reviewers.byName(nameOrId));
  if (!reviewer) throw new AirlockError('not_found', `no reviewer ${nameOrId}`);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.reviewers.revoke(reviewer.id, now);
    await tx.audit.append(
      { actor, type: 'reviewer.revoked', actionId: null, data: { reviewerId: reviewer.id } },
      now,
    );
  });
  return { ...reviewer, revokedAt: now };
}

export async function authenticateAgent(deps: PipelineDeps, token: string): Promise<Agent> {
  const agent = token.startsWith('alk_agent_') ? await deps.store.agents.byTokenHash(tokenHash(token)) : null;
  if (!agent || agent.revokedAt)
    throw new AirlockError('unauthorized', 'the agent token is unknown or revoked');
  return agent;
}

export async function authenticateReviewer(deps: PipelineDeps, token: string): Promise<Reviewer> {
  const reviewer = token.startsWith('alk_reviewer_')
    ? await deps.store.reviewers.byTokenHash(tokenHash(token))
    : null;
  if (!reviewer || reviewer.revokedAt)
    throw new AirlockError('unauthorized', 'the reviewer token is unknown or revoked');
  return reviewer;
}
