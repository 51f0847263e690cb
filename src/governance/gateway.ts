// The two faces of the domain that entry points (HTTP API, MCP server, MCP proxy, platform inbound
// handlers, CLI) call. Entry points authenticate, parse, call one of these, and render the result.
import type {
  Action,
  ActionInput,
  ActionStatus,
  Agent,
  Context,
  Decision,
  Provenance,
  RequestInput,
  Reviewer,
  StoredRequest,
} from './model.ts';

/** What an agent (or a client acting for one) sees of an action. Snake case: it crosses the wire as is. */
export interface ActionView {
  id: string;
  status: ActionStatus;
  kind: Action['kind'];
  platform: string;
  channel: string | null;
  thread: string | null;
  recipient: string | null;
  text: string;
  change: Action['change'];
  request_id: string | null;
  decision: Decision['decision'];
  in_scope: boolean;
  risk: Decision['risk'];
  reasons: Decision['reasons'];
  rule: string | null;
  approvals: Decision['approvals'] | null;
  platform_ref: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  decided_at: string | null;
  published_at: string | null;
  expires_at: string | null;
}

export interface SubmitActionBody {
  request_id: string | null;
  action: ActionInput;
  context?: Context | undefined;
  /** Which platform the action goes to; defaults to the request's platform, else the default platform. */
  platform?: string | undefined;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called every few seconds while waiting, e.g. to send MCP progress notifications. */
  onProgress?: (view: ActionView, elapsedMs: number) => void | Promise<void>;
}

/** Everything an agent can do. The agent comes from its token, never from arguments. */
export interface AgentGateway {
  authenticateAgent(token: string): Promise<Agent>;
  submitAction(agent: Agent, body: SubmitActionBody, idempotencyKey?: string): Promise<ActionView>;
  getAction(agent: Agent, id: string): Promise<ActionView>;
  /** Resolves when the action leaves `received`/`held`/`approved`/`publishing`, or on timeout with the current view. */
  waitForDecision(agent: Agent, id: string, opts: WaitOptions): Promise<ActionView>;
  listRequests(agent: Agent, opts?: { limit?: number; since?: Date }): Promise<StoredRequest[]>;
  getRequest(agent: Agent, id: string): Promise<StoredRequest>;
  /**
   * For actions executed outside Airlock (the MCP proxy runs approved upstream tool calls itself):
   * claim an approved or published-by-decision action exactly once (→ `publishing`), then report the outcome.
   */
  claimExecution(agent: Agent, id: string): Promise<ActionView>;
  completeExecution(
    agent: Agent,
    id: string,
    outcome: { ok: true; ref?: string } | { ok: false; error: string },
  ): Promise<ActionView>;
  /** Records an audited event the agent caused outside the action flow (e.g. a read tool call). */
  audit(agent: Agent, type: string, data: Record<string, unknown>): Promise<void>;
}

export interface RecordRequestBody extends RequestInput {
  /** The agent the human addressed, when known. */
  agent_id?: string | null;
  provenance?: Provenance;
}

/** Trusted integrations and reviewers. */
export interface ReviewGateway {
  authenticateReviewer(token: string): Promise<Reviewer>;
  /**
   * Who clicked a review card on a platform (after the platform verified the request's signature).
   * Throws `forbidden` when that platform user is not a reviewer.
   */
  reviewerOnPlatform(platform: string, platformUserId: string): Promise<Reviewer>;
  recordRequest(body: RecordRequestBody): Promise<StoredRequest>;
  listActions(filter: { status?: ActionStatus; limit?: number; agentId?: string }): Promise<ActionView[]>;
  getAction(id: string): Promise<ActionView>;
  approve(
    reviewer: Reviewer,
    id: string,
    opts?: { reason?: string; editedText?: string },
  ): Promise<ActionView>;
  reject(reviewer: Reviewer, id: string, opts?: { reason?: string }): Promise<ActionView>;
}
