// An in-memory AgentGateway for the MCP tests: a real implementation of our own interface over Maps, with
// reviewer helpers (approve/reject) and a replaceable classifier. Not a mock of the pipeline.
import { AirlockError, invalidInput } from '../../../src/governance/errors.ts';
import type {
  ActionView,
  AgentGateway,
  SubmitActionBody,
  WaitOptions,
} from '../../../src/governance/gateway.ts';
import { ActionInput, type Agent, type Decision, type StoredRequest } from '../../../src/governance/model.ts';

export type Decide = (body: SubmitActionBody) => Decision;

/** Holds anything that looks risky or unrequested, blocks private keys, publishes the rest. */
export const defaultDecide: Decide = (body) => {
  const text = body.action.text;
  if (/BEGIN [A-Z ]*PRIVATE KEY/.test(text)) {
    return {
      decision: 'block',
      in_scope: body.request_id !== null,
      risk: 'critical',
      reasons: [{ code: 'secret.private_key', category: 'secret', message: 'contains a private key' }],
    };
  }
  if (body.request_id === null || body.action.kind === 'config_change' || /password|@here/i.test(text)) {
    return {
      decision: 'hold',
      in_scope: body.request_id !== null,
      risk: 'medium',
      reasons: [{ code: 'scope.unrequested', category: 'scope', message: 'nobody asked for this' }],
      approvals: { count: 1, group: 'default' },
    };
  }
  return { decision: 'publish', in_scope: true, risk: 'none', reasons: [] };
};

// As the pipeline: `approved` ends a wait (for external executors it is the signal to claim).
const UNDECIDED = new Set(['received', 'held', 'publishing']);

export class FakeGateway implements AgentGateway {
  readonly actions = new Map<string, ActionView & { agentId: string; key: string | null }>();
  readonly requests = new Map<string, StoredRequest>();
  readonly audits: Array<{ agentId: string; type: string; data: Record<string, unknown> }> = [];
  private readonly agents = new Map<string, Agent>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  decide: Decide = defaultDecide;

  addAgent(name: string, token: string): Agent {
    const agent: Agent = { id: `agt_${name}`, name, identities: {}, createdAt: new Date(), revokedAt: null };
    this.agents.set(token, agent);
    return agent;
  }

  addRequest(agent: Agent, text: string, platform = 'local'): StoredRequest {
    const r: StoredRequest = {
      id: `req_${++this.seq}`,
      text,
      requester: { id: 'U100', name: 'Sam' },
      platform,
      origin: { channel: 'general', thread: null },
      provenance: 'platform',
      agentId: agent.id,
      createdAt: new Date(),
    };
    this.requests.set(r.id, r);
    return r;
  }

  async authenticateAgent(token: string): Promise<Agent> {
    const agent = this.agents.get(token);
    if (!agent) throw new AirlockError('unauthorized', 'unknown or revoked agent token');
    return agent;
  }

  async submitAction(agent: Agent, body: SubmitActionBody, idempotencyKey?: string): Promise<ActionView> {
    const parsed = ActionInput.safeParse(body.action);
    if (!parsed.success) throw invalidInput(parsed.error.issues, 'action');
    if (idempotencyKey) {
      const prior = [...this.actions.values()].find(
        (a) => a.agentId === agent.id && a.key === idempotencyKey,
      );
      if (prior) return this.view(prior);
    }
    if (body.request_id !== null) await this.getRequest(agent, body.request_id);
    const d = this.decide(body);
    const now = new Date().toISOString();
    const a = parsed.data;
    const platform = body.platform ?? 'local';
    const external = platform === 'mcp';
    const status =
      d.decision === 'block'
        ? 'blocked'
        : d.decision === 'hold'
          ? 'held'
          : external
            ? 'approved'
            : 'published';
    const view: ActionView & { agentId: string; key: string | null } = {
      id: `act_${++this.seq}`,
      status,
      content_hash: `hash_${this.seq}`,
      kind: a.kind,
      platform,
      channel: a.channel ?? null,
      thread: a.thread ?? null,
      recipient: a.recipient ?? null,
      text: a.text,
      change: a.change ?? null,
      request_id: body.request_id,
      decision: d.decision,
      in_scope: d.in_scope,
      risk: d.risk,
      reasons: d.reasons,
      rule: d.rule ?? null,
      approvals: d.approvals ?? null,
      platform_ref: status === 'published' ? `msg_${this.seq}` : null,
      attempts: status === 'published' ? 1 : 0,
      last_error: null,
      created_at: now,
      updated_at: now,
      decided_at: d.decision === 'hold' ? null : now,
      published_at: status === 'published' ? now : null,
      expires_at: null,
      agentId: agent.id,
      key: idempotencyKey ?? null,
    };
    this.actions.set(view.id, view);
    return this.view(view);
  }

  async getAction(agent: Agent, id: string): Promise<ActionView> {
    return this.view(this.own(agent, id));
  }

  async waitForDecision(agent: Agent, id: string, opts: WaitOptions): Promise<ActionView> {
    const started = Date.now();
    for (;;) {
      const a = this.own(agent, id);
      const elapsed = Date.now() - started;
      if (!UNDECIDED.has(a.status) || elapsed >= opts.timeoutMs || opts.signal?.aborted) {
        return this.view(a);
      }
      await opts.onProgress?.(this.view(a), elapsed);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(200, opts.timeoutMs - elapsed));
        this.waiters.add(done);
      });
    }
  }

  async listRequests(agent: Agent, opts?: { limit?: number; since?: Date }): Promise<StoredRequest[]> {
    return [...this.requests.values()]
      .filter((r) => r.agentId === agent.id && (!opts?.since || r.createdAt > opts.since))
      .reverse()
      .slice(0, opts?.limit ?? 50);
  }

  async getRequest(agent: Agent, id: string): Promise<StoredRequest> {
    const r = this.requests.get(id);
    if (!r || r.agentId !== agent.id) throw new AirlockError('not_found', `request ${id} not found`);
    return r;
  }

  async claimExecution(agent: Agent, id: string): Promise<ActionView> {
    const a = this.own(agent, id);
    if (a.status !== 'approved')
      throw new AirlockError('conflict', `action ${id} is ${a.status}, not approved`);
    return this.update(a, { status: 'publishing', attempts: a.attempts + 1 });
  }

  async completeExecution(
    agent: Agent,
    id: string,
    outcome: { ok: true; ref?: string } | { ok: false; error: string },
  ): Promise<ActionView> {
    const a = this.own(agent, id);
    if (a.status !== 'publishing')
      throw new AirlockError('illegal_transition', `action ${id} is ${a.status}`);
    return outcome.ok
      ? this.update(a, {
          status: 'published',
          platform_ref: outcome.ref ?? null,
          published_at: new Date().toISOString(),
        })
      : this.update(a, { status: 'failed', last_error: outcome.error });
  }

  async audit(agent: Agent, type: string, data: Record<string, unknown>): Promise<void> {
    this.audits.push({ agentId: agent.id, type, data });
  }

  // ---- reviewer side -----------------------------------------------------------------------

  approve(id: string): ActionView {
    const a = this.mustGet(id);
    if (a.status !== 'held') throw new AirlockError('illegal_transition', `action ${id} is ${a.status}`);
    const published = a.platform !== 'mcp';
    return this.update(a, {
      status: published ? 'published' : 'approved',
      platform_ref: published ? `msg_${a.id}` : null,
      decided_at: new Date().toISOString(),
    });
  }

  reject(id: string): ActionView {
    const a = this.mustGet(id);
    if (a.status !== 'held') throw new AirlockError('illegal_transition', `action ${id} is ${a.status}`);
    return this.update(a, { status: 'rejected', decided_at: new Date().toISOString() });
  }

  latest(): ActionView & { agentId: string; key: string | null } {
    const all = [...this.actions.values()];
    const last = all[all.length - 1];
    if (!last) throw new Error('no actions yet');
    return last;
  }

  private update(
    a: ActionView & { agentId: string; key: string | null },
    patch: Partial<ActionView>,
  ): ActionView {
    Object.assign(a, patch, { updated_at: new Date().toISOString() });
    for (const w of [...this.waiters]) w();
    return this.view(a);
  }

  private mustGet(id: string) {
    const a = this.actions.get(id);
    if (!a) throw new AirlockError('not_found', `action ${id} not found`);
    return a;
  }

  private own(agent: Agent, id: string) {
    const a = this.actions.get(id);
    if (!a || a.agentId !== agent.id) throw new AirlockError('not_found', `action ${id} not found`);
    return a;
  }

  private view(a: ActionView & { agentId: string; key: string | null }): ActionView {
    const { agentId: _agentId, key: _key, ...view } = a;
    return structuredClone(view);
  }
}
