// An AgentGateway over a running Airlock's HTTP API (v1), for processes that cannot open the database
// themselves: `airlock mcp --stdio` and `airlock mcp-proxy`. The agent is whoever the token says it is;
// errors come back as the same coded AirlockErrors the in-process gateway throws.
import { AirlockError, ERROR_CODES, type ErrorCode } from '../../governance/errors.ts';
import type { ActionView, AgentGateway, SubmitActionBody, WaitOptions } from '../../governance/gateway.ts';
import type { Agent, StoredRequest } from '../../governance/model.ts';
import { isUndecided } from './render.ts';

export const DEFAULT_AIRLOCK_URL = 'http://127.0.0.1:4480';

export interface RemoteGatewayOptions {
  /** Base URL of the Airlock server (AIRLOCK_URL). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Long polls are cut into pieces this long so progress can be reported between them. Default 5 s. */
  waitChunkMs?: number;
}

type Json = Record<string, unknown>;

const isErrorCode = (c: unknown): c is ErrorCode => typeof c === 'string' && c in ERROR_CODES;

const toDate = (v: unknown): Date => new Date(String(v));
const toDateOrNull = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(String(v));

function toRequest(r: Json): StoredRequest {
  return { ...(r as unknown as StoredRequest), createdAt: toDate(r['createdAt'] ?? r['created_at']) };
}

function toAgent(a: Json): Agent {
  return {
    ...(a as unknown as Agent),
    createdAt: toDate(a['createdAt'] ?? a['created_at']),
    revokedAt: toDateOrNull(a['revokedAt'] ?? a['revoked_at']),
  };
}

export class RemoteGateway implements AgentGateway {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly waitChunkMs: number;
  /** Tokens of the agents this process authenticated; every later call goes out with its agent's token. */
  private readonly tokens = new Map<string, string>();

  constructor(opts: RemoteGatewayOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.waitChunkMs = opts.waitChunkMs ?? 5_000;
  }

  async authenticateAgent(token: string): Promise<Agent> {
    const agent = toAgent(await this.call<Json>(token, 'GET', '/v1/agent/me'));
    this.tokens.set(agent.id, token);
    return agent;
  }

  submitAction(agent: Agent, body: SubmitActionBody, idempotencyKey?: string): Promise<ActionView> {
    const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
    return this.as<ActionView>(agent, 'POST', '/v1/actions', body, headers);
  }

  getAction(agent: Agent, id: string): Promise<ActionView> {
    return this.as<ActionView>(agent, 'GET', `/v1/actions/${encodeURIComponent(id)}`);
  }

  async waitForDecision(agent: Agent, id: string, opts: WaitOptions): Promise<ActionView> {
    const started = Date.now();
    let view = await this.getAction(agent, id);
    for (;;) {
      const elapsed = Date.now() - started;
      if (!isUndecided(view.status) || elapsed >= opts.timeoutMs || opts.signal?.aborted) return view;
      await opts.onProgress?.(view, elapsed);
      const chunk = Math.min(this.waitChunkMs, opts.timeoutMs - elapsed);
      view = await this.as<ActionView>(
        agent,
        'GET',
        `/v1/actions/${encodeURIComponent(id)}/wait?timeout_ms=${chunk}`,
        undefined,
        {},
        opts.signal,
      );
    }
  }

  async listRequests(agent: Agent, opts?: { limit?: number; since?: Date }): Promise<StoredRequest[]> {
    const q = new URLSearchParams();
    if (opts?.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts?.since) q.set('since', opts.since.toISOString());
    const res = await this.as<{ requests: Json[] }>(agent, 'GET', `/v1/agent/requests?${q}`);
    return res.requests.map(toRequest);
  }

  async getRequest(agent: Agent, id: string): Promise<StoredRequest> {
    return toRequest(await this.as<Json>(agent, 'GET', `/v1/agent/requests/${encodeURIComponent(id)}`));
  }

  claimExecution(agent: Agent, id: string): Promise<ActionView> {
    return this.as<ActionView>(agent, 'POST', `/v1/actions/${encodeURIComponent(id)}/claim`, {});
  }

  completeExecution(
    agent: Agent,
    id: string,
    outcome: { ok: true; ref?: string } | { ok: false; error: string },
  ): Promise<ActionView> {
    return this.as<ActionView>(agent, 'POST', `/v1/actions/${encodeURIComponent(id)}/complete`, outcome);
  }

  async audit(agent: Agent, type: string, data: Record<string, unknown>): Promise<void> {
    await this.as<void>(agent, 'POST', '/v1/agent/audit', { type, data });
  }

  private as<T>(
    agent: Agent,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const token = this.tokens.get(agent.id);
    if (!token)
      throw new AirlockError('unauthorized', `agent ${agent.id} has not authenticated with this gateway`);
    return this.call<T>(token, method, path, body, headers, signal);
  }

  private async call<T>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      throw new AirlockError(
        'internal',
        `cannot reach Airlock at ${this.baseUrl} (${e instanceof Error ? e.message : String(e)}); is \`airlock start\` running, and is AIRLOCK_URL right?`,
        { cause: e },
      );
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return json as T;
    const err = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)
      ?.error;
    const code: ErrorCode = isErrorCode(err?.code)
      ? err.code
      : res.status === 401
        ? 'unauthorized'
        : 'internal';
    const message = typeof err?.message === 'string' ? err.message : `${method} ${path}: HTTP ${res.status}`;
    throw new AirlockError(code, message, typeof err?.field === 'string' ? { field: err.field } : {});
  }
}

export const createRemoteGateway = (opts: RemoteGatewayOptions): RemoteGateway => new RemoteGateway(opts);
