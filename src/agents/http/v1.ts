// The v1 HTTP API: thin handlers that authenticate, parse with zod, call one use case, and reply.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AirlockError, invalidInput } from '../../governance/errors.ts';
import { ID_PATTERN, inputProblem } from '../../governance/input.ts';
import { type AuthDeps, authenticate, requireAgent, requireReviewer } from './auth.ts';
import {
  ApproveBody,
  AuditBody,
  CompleteBody,
  ExtendBody,
  ListQuery,
  RequesterBody,
  RecordRequestBody,
  RejectBody,
  RequestsQuery,
  SubmitBody,
  WaitQuery,
} from './schemas.ts';

function parse<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw invalidInput(r.error.issues, prefix);
  return r.data;
}

const idParam = (req: FastifyRequest) => (req.params as { id: string }).id;

/** Generous bounds for whole bodies; the schemas bound each JSON field more tightly. */
const BODY_LIMITS = { maxDepth: 48, maxNodes: 1_000_000 };

/**
 * The boundary check every /v1 route shares, before authentication and parsing: ids in the path look like
 * ids, and no string anywhere (path, query, body, keys included) carries NUL or a lone surrogate, and no
 * body nests deeper than the stack can walk. Each failure is a 400 naming the field.
 */
function checkBoundary(req: FastifyRequest): void {
  const params = (req.params ?? {}) as Record<string, unknown>;
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'string' && !ID_PATTERN.test(v))
      throw new AirlockError(
        'invalid_input',
        `${name}: not an Airlock id (1-512 letters, digits, "_", "-", "." or ":")`,
        { field: name },
      );
  }
  const q = inputProblem(req.query ?? {}, BODY_LIMITS);
  if (q)
    throw new AirlockError('invalid_input', `${q.path || '(query)'}: ${q.message}`, {
      field: q.path || '(query)',
    });
  const b = inputProblem(req.body ?? null, BODY_LIMITS);
  if (b)
    throw new AirlockError('invalid_input', `${b.path || '(body)'}: ${b.message}`, {
      field: b.path || '(body)',
    });
}

export function mountV1(app: FastifyInstance, deps: AuthDeps): void {
  const { gov } = deps;
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.url?.startsWith('/v1/')) checkBoundary(req);
  });

  /** A reviewer (as reviewer, or as the requester when their identity matches), or the integration token for a requester id. */
  const requesterCaller = async (req: FastifyRequest) => {
    const caller = await authenticate(deps, req);
    const body = parse(RequesterBody, req.body);
    if (caller.kind === 'agent') throw new AirlockError('forbidden', 'agents cannot decide on actions');
    if (caller.kind === 'reviewer')
      return { by: { kind: 'reviewer' as const, reviewer: caller.reviewer }, body };
    if (!body.requester_id) {
      throw new AirlockError(
        'invalid_input',
        'requester_id: the integration token acts for a requester; name them',
        {
          field: 'requester_id',
        },
      );
    }
    return { by: { kind: 'integration' as const, requesterId: body.requester_id }, body };
  };

  app.post('/v1/requests', async (req, reply) => {
    const caller = await authenticate(deps, req);
    if (caller.kind === 'agent')
      throw new AirlockError(
        'forbidden',
        'agents cannot record requests; a platform or trusted integration records what a human asked',
      );
    if (req.body && typeof req.body === 'object' && 'provenance' in req.body) {
      throw new AirlockError(
        'invalid_input',
        'provenance: not accepted; it comes from your token (api), or from a verified platform event (platform)',
        { field: 'provenance' },
      );
    }
    const body = parse(RecordRequestBody, req.body);
    const request = await gov.reviews.recordRequest(
      body,
      caller.kind === 'reviewer' ? { kind: 'reviewer', reviewer: caller.reviewer } : { kind: 'integration' },
    );
    return reply.code(201).send(request);
  });

  app.post('/v1/actions', async (req, reply) => {
    const agent = await requireAgent(deps, req);
    const body = parse(SubmitBody, req.body);
    const keyHeader = req.headers['idempotency-key'];
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    const { view, replayed } = await gov.agents.submit(agent, body, key);
    return reply.code(replayed ? 200 : 201).send(view);
  });

  app.get('/v1/actions', async (req) => {
    const caller = await authenticate(deps, req);
    const q = parse(ListQuery, req.query);
    const agentId = caller.kind === 'agent' ? caller.agent.id : undefined;
    return { actions: await gov.reviews.listActions({ ...q, agentId }) };
  });

  app.get('/v1/actions/:id', async (req) => {
    const caller = await authenticate(deps, req);
    return caller.kind === 'agent'
      ? gov.agents.getAction(caller.agent, idParam(req))
      : gov.reviews.getAction(idParam(req));
  });

  app.get('/v1/actions/:id/wait', async (req) => {
    const agent = await requireAgent(deps, req);
    const { timeout_ms } = parse(WaitQuery, req.query);
    const ac = new AbortController();
    req.raw.on('close', () => ac.abort());
    return gov.agents.waitForDecision(agent, idParam(req), { timeoutMs: timeout_ms, signal: ac.signal });
  });

  app.post('/v1/actions/:id/approve', async (req) => {
    const reviewer = await requireReviewer(deps, req);
    const body = parse(ApproveBody, req.body);
    return gov.reviews.approve(reviewer, idParam(req), {
      contentHash: body.content_hash,
      reason: body.reason,
      editedText: body.text,
      redact: body.redact,
    });
  });

  app.post('/v1/actions/:id/extend', async (req) => {
    const reviewer = await requireReviewer(deps, req);
    const body = parse(ExtendBody, req.body);
    return gov.reviews.extend(reviewer, idParam(req), body);
  });

  app.post('/v1/actions/:id/release', async (req) => {
    const { by } = await requesterCaller(req);
    return gov.reviews.release(by, idParam(req));
  });

  app.post('/v1/actions/:id/discard', async (req) => {
    const { by, body } = await requesterCaller(req);
    return gov.reviews.discard(by, idParam(req), { reason: body.reason });
  });

  app.post('/v1/actions/:id/retract', async (req) => {
    const { by, body } = await requesterCaller(req);
    return gov.reviews.retract(by, idParam(req), { reason: body.reason });
  });

  app.post('/v1/actions/:id/reject', async (req) => {
    const reviewer = await requireReviewer(deps, req);
    const body = parse(RejectBody, req.body);
    return gov.reviews.reject(reviewer, idParam(req), { reason: body.reason });
  });

  app.post('/v1/actions/:id/withdraw', async (req) =>
    gov.agents.withdraw(await requireAgent(deps, req), idParam(req)),
  );
  app.post('/v1/actions/:id/claim', async (req) =>
    gov.agents.claimExecution(await requireAgent(deps, req), idParam(req)),
  );
  app.post('/v1/actions/:id/complete', async (req) => {
    const agent = await requireAgent(deps, req);
    return gov.agents.completeExecution(agent, idParam(req), parse(CompleteBody, req.body));
  });

  app.get('/v1/agent/me', async (req) => requireAgent(deps, req));
  app.get('/v1/agent/requests', async (req) => {
    const agent = await requireAgent(deps, req);
    return { requests: await gov.agents.listRequests(agent, parse(RequestsQuery, req.query)) };
  });
  app.get('/v1/agent/requests/:id', async (req) =>
    gov.agents.getRequest(await requireAgent(deps, req), idParam(req)),
  );
  app.post('/v1/agent/audit', async (req, reply) => {
    const agent = await requireAgent(deps, req);
    const body = parse(AuditBody, req.body);
    await gov.agents.audit(agent, body.type, body.data);
    return reply.code(204).send();
  });
}
