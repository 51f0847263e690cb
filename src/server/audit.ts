// GET /v1/audit: the audit trail over HTTP, for reviewers and the integration token (agents may not read
// it). Filtered by request (its `request.recorded` event and every event of the actions citing it) or by
// action; `verify=true` also walks the whole hash chain, so a reader knows the rows shown are intact.
import type { FastifyInstance } from 'fastify';
import { type AuthDeps, authenticate } from '../agents/http/auth.ts';
import { AuditQuery } from '../agents/http/schemas.ts';
import { verifyChain } from '../governance/audit/chain.ts';
import { AirlockError, invalidInput } from '../governance/errors.ts';
import type { AuditEvent } from '../governance/model.ts';
import type { Store } from '../governance/ports.ts';

const PAGE = 2_000;

async function* pages(store: Store, afterSeq = 0): AsyncGenerator<AuditEvent[]> {
  let after = afterSeq;
  for (;;) {
    const page = await store.audit.page(after, PAGE);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

const wire = (e: AuditEvent) => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actor: e.actor,
  type: e.type,
  action_id: e.actionId,
  data: e.data,
  prev_hash: e.prevHash,
  hash: e.hash,
});

export function mountAudit(app: FastifyInstance, deps: AuthDeps & { store: Store }): void {
  app.get('/v1/audit', async (req) => {
    const caller = await authenticate(deps, req);
    if (caller.kind === 'agent')
      throw new AirlockError('forbidden', 'the audit trail is for reviewers: use a reviewer token');
    const q = AuditQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidInput(q.error.issues);
    const { action_id, request_id, after, limit, verify } = q.data;
    // Actions citing the request are found from their own `action.received` events, in the same walk.
    const actions = new Set<string>(action_id ? [action_id] : []);
    const matches = (e: AuditEvent): boolean => {
      if (!action_id && !request_id) return true;
      if (request_id && e.data['requestId'] === request_id) {
        if (e.actionId && !action_id) actions.add(e.actionId);
        return !action_id || e.actionId === action_id || e.actionId === null;
      }
      return e.actionId !== null && actions.has(e.actionId);
    };
    const events: AuditEvent[] = [];
    for await (const page of pages(deps.store, after)) {
      for (const e of page) if (matches(e) && events.length < limit) events.push(e);
      if (events.length >= limit) break;
    }
    const chain =
      verify === 'true' ? await verifyChain(pages(deps.store), await deps.store.audit.head()) : undefined;
    return { events: events.map(wire), ...(chain ? { chain } : {}) };
  });
}
