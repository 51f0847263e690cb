import type { FastifyRequest } from 'fastify';
import { AirlockError } from '../../governance/errors.ts';
import type { Agent, Reviewer } from '../../governance/model.ts';
import type { Governance } from '../../governance/pipeline/index.ts';

export function bearer(req: FastifyRequest): string {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  if (!m?.[1])
    throw new AirlockError('unauthorized', 'Authorization: send "Bearer <token>"', {
      field: 'Authorization',
    });
  return m[1];
}

export type Caller =
  | { kind: 'agent'; agent: Agent }
  | { kind: 'reviewer'; reviewer: Reviewer }
  | { kind: 'integration' };

export interface AuthDeps {
  gov: Governance;
  integrationToken?: string | undefined;
}

export async function authenticate(deps: AuthDeps, req: FastifyRequest): Promise<Caller> {
  const token = bearer(req);
  if (token.startsWith('alk_agent_'))
    return { kind: 'agent', agent: await deps.gov.agents.authenticateAgent(token) };
  if (token.startsWith('alk_reviewer_'))
    return { kind: 'reviewer', reviewer: await deps.gov.reviews.authenticateReviewer(token) };
  if (deps.integrationToken && timingSafeEqualStr(token, deps.integrationToken))
    return { kind: 'integration' };
  throw new AirlockError('unauthorized', 'the token is unknown or revoked');
}

function timingSafeEqualStr(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export async function requireAgent(deps: AuthDeps, req: FastifyRequest): Promise<Agent> {
  const c = await authenticate(deps, req);
  if (c.kind !== 'agent') throw new AirlockError('forbidden', 'this endpoint takes an agent token');
  return c.agent;
}

export async function requireReviewer(deps: AuthDeps, req: FastifyRequest): Promise<Reviewer> {
  const c = await authenticate(deps, req);
  if (c.kind !== 'reviewer') throw new AirlockError('forbidden', 'this endpoint takes a reviewer token');
  return c.reviewer;
}
