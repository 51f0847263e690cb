// Admin endpoints: manage agents and reviewers while the server runs (the embedded database cannot be
// opened by a second process). Callers: a reviewer in group `admin`, or the local admin token the
// running server keeps in its data directory's server file (how `airlock agents|reviewers` reach it).
// `POST /v1/agents/{name}/pause|resume` will sit beside revoke.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AirlockError, invalidInput } from '../../governance/errors.ts';
import type { Store } from '../../governance/ports.ts';
import { type AuthDeps, authenticate, bearer } from './auth.ts';
import { PauseBody } from './schemas.ts';

const Identities = z
  .record(z.string().min(1), z.string().min(1))
  .describe('identities on platforms, e.g. {"slack": "B900"}');

export const AddAgentBody = z.strictObject({
  name: z.string().describe('1-64 letters, digits, dot, dash or underscore'),
  identities: Identities.default({}),
});

export const AddReviewerBody = z.strictObject({
  name: z.string().describe('1-64 letters, digits, dot, dash or underscore'),
  groups: z
    .array(z.string())
    .min(1)
    .default(['default'])
    .describe('reviewer groups; `admin` may also manage agents and reviewers'),
  identities: Identities.default({}),
});

export interface AdminDeps extends AuthDeps {
  store: Store;
  /** Accepted as an admin here (and only here) for the life of the process; see docs/security.md. */
  localAdminToken?: string | undefined;
}

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The audit actor of an admin call, or a 401/403 that says which token to send. */
async function requireAdmin(deps: AdminDeps, req: FastifyRequest): Promise<string> {
  const token = bearer(req);
  if (deps.localAdminToken && sameToken(token, deps.localAdminToken)) return 'local-admin';
  const caller = await authenticate(deps, req);
  if (caller.kind !== 'reviewer')
    throw new AirlockError('forbidden', 'this endpoint takes the token of a reviewer in group admin');
  if (!caller.reviewer.groups.includes('admin'))
    throw new AirlockError(
      'forbidden',
      `reviewer ${caller.reviewer.name} is not in group admin; an admin can add one with \`airlock reviewers add NAME --group admin\``,
    );
  return `reviewer:${caller.reviewer.id}`;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw invalidInput(r.error.issues);
  return r.data;
}

const nameParam = (req: FastifyRequest) => (req.params as { name: string }).name;

export function mountAdmin(app: FastifyInstance, deps: AdminDeps): void {
  const { gov, store } = deps;

  app.get('/v1/agents', async (req) => {
    await requireAdmin(deps, req);
    return { agents: await store.agents.list() };
  });
  app.post('/v1/agents', async (req, reply) => {
    const actor = await requireAdmin(deps, req);
    const body = parse(AddAgentBody, req.body);
    return reply.code(201).send(await gov.admin.addAgent(body.name, body.identities, actor));
  });
  app.post('/v1/agents/:name/revoke', async (req) => {
    const actor = await requireAdmin(deps, req);
    return gov.admin.revokeAgent(nameParam(req), actor);
  });

  // The kill switch: from now on every action of the agent is held (`policy.agent_paused`).
  app.post('/v1/agents/:name/pause', async (req) => {
    const actor = await requireAdmin(deps, req);
    const body = parse(PauseBody, req.body);
    return gov.admin.pauseAgent(nameParam(req), body.reason ?? null, actor);
  });
  app.post('/v1/agents/:name/resume', async (req) => {
    const actor = await requireAdmin(deps, req);
    return gov.admin.resumeAgent(nameParam(req), actor);
  });

  app.get('/v1/reviewers', async (req) => {
    await requireAdmin(deps, req);
    return { reviewers: await store.reviewers.list() };
  });
  app.post('/v1/reviewers', async (req, reply) => {
    const actor = await requireAdmin(deps, req);
    const body = parse(AddReviewerBody, req.body);
    return reply.code(201).send(await gov.admin.addReviewer(body.name, body.groups, body.identities, actor));
  });
  app.post('/v1/reviewers/:name/revoke', async (req) => {
    const actor = await requireAdmin(deps, req);
    return gov.admin.revokeReviewer(nameParam(req), actor);
  });
}
