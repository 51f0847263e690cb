// The two faces of the domain that entry points (HTTP API, MCP server, MCP proxy, platform inbound
// handlers, CLI) call. Entry points authenticate, parse, call one of these, and render the result.
import type { ReviewCard } from './ports.ts';
import type {
  Action,
  ActionInput,
  ActionStatus,
  Agent,
  Context,
  Decision,
  PersonRef,
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
  /** The hash of exactly this content; an approval must name it. */
  content_hash: string;
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

/**
 * What a caller records. Provenance is not part of it: it comes from who is calling (`api` for the
 * integration token and reviewers, `platform` only through `PlatformGateway.recordRequest`).
 */
export interface RecordRequestBody extends RequestInput {
  /** The agent the human addressed, when known. */
  agent_id?: string | null;
}

/** Who records a request over the API; a reviewer becomes its recorded author. */
export type RequestRecorder = { kind: 'integration' } | { kind: 'reviewer'; reviewer: Reviewer };

/**
 * Who acts for the requester of an action's request (release, discard, retract): a trusted integration
 * naming the requester's id, a reviewer whose platform identity is the requester (or who recorded the
 * request), or the requester themselves on a verified platform event.
 */
export type RequesterActor =
  | { kind: 'integration'; requesterId: string }
  | { kind: 'reviewer'; reviewer: Reviewer }
  | { kind: 'platform'; platform: string; platformUserId: string };

export interface ApproveOptions {
  /** The content hash the reviewer saw (`content_hash` on the API). Required. */
  contentHash: string;
  reason?: string | undefined;
  /** Edit-and-approve: the new text (judged again before it counts). */
  editedText?: string | undefined;
  /** Redact-and-approve: flagged spans (all but scope) become `[redacted]` (judged again). */
  redact?: boolean | undefined;
}

/** Trusted integrations and reviewers. */
export interface ReviewGateway {
  authenticateReviewer(token: string): Promise<Reviewer>;
  /**
   * Who clicked a review card on a platform (after the platform verified the request's signature).
   * Throws `forbidden` when that platform user is not a reviewer.
   */
  reviewerOnPlatform(platform: string, platformUserId: string): Promise<Reviewer>;
  recordRequest(body: RecordRequestBody, by: RequestRecorder): Promise<StoredRequest>;
  listActions(filter: { status?: ActionStatus; limit?: number; agentId?: string }): Promise<ActionView[]>;
  getAction(id: string): Promise<ActionView>;
  approve(reviewer: Reviewer, id: string, opts: ApproveOptions): Promise<ActionView>;
  reject(reviewer: Reviewer, id: string, opts?: { reason?: string }): Promise<ActionView>;
  /** Gives reviewers more time: the hold expires `hours` later than now or its current expiry. */
  extend(reviewer: Reviewer, id: string, opts?: { hours?: number; reason?: string }): Promise<ActionView>;
  /** Requester consent on a scope-only hold: recorded as a grant on the request, then published. */
  release(by: RequesterActor, id: string): Promise<ActionView>;
  /** The requester discards a pending hold: `rejected`, with the requester as actor. */
  discard(by: RequesterActor, id: string, opts?: { reason?: string }): Promise<ActionView>;
  /** Undo within the retract window: the platform deletes the post; `retracted`. */
  retract(
    by: { kind: 'reviewer'; reviewer: Reviewer } | RequesterActor,
    id: string,
    opts?: { reason?: string },
  ): Promise<ActionView>;
  /** Kill switch (admins: reviewers in group `admin`). */
  pauseAgent(admin: Reviewer, nameOrId: string, reason: string | null): Promise<Agent>;
  resumeAgent(admin: Reviewer, nameOrId: string): Promise<Agent>;
}

// ---- Platform inbound ------------------------------------------------------------------------

/** A human's request seen on a platform (a mention, a DM, a slash command), after the signature check. */
export interface PlatformRequestInput {
  platform: string;
  /** The platform's id for the event, to de-duplicate retries and replays (Slack event id, interaction id). */
  eventId: string;
  /** The platform user who asked; becomes the request's requester. */
  requester: PersonRef;
  text: string;
  origin: { channel: string; thread?: string | null };
  /** The agent addressed, when the adapter could tell. */
  agentId: string | null;
}

export const DECISION_VERBS = [
  'approve',
  'reject',
  'edit',
  'redact',
  'pause',
  'release',
  'discard',
  'extend',
  'retract',
] as const;
export type DecisionVerb = (typeof DECISION_VERBS)[number];

/** A click on a review card or a requester notice, or a decision command. */
export interface PlatformDecision {
  platform: string;
  /** Who clicked; the domain maps it to a reviewer (or the requester) and checks they may decide. */
  platformUserId: string;
  actionId: string;
  verb: DecisionVerb;
  /** The content hash shown on the card; required for approve, edit and redact. */
  contentHash?: string;
  /** The edited text (edit). */
  text?: string;
  reason?: string;
  /** The platform's id of this click, so a repeated delivery changes nothing. */
  interactionId?: string;
}

export interface DecisionOutcome {
  action: ActionView;
  /** The card as it should look now (adapters re-render it in place). */
  card: ReviewCard;
  /** One plain sentence for the clicker ("Approved; it is published.", "Still needs 1 more approval."). */
  message: string;
}

/**
 * The domain face platform inbound handlers call after they verified and parsed a request. Identity is
 * the platform user; the domain decides whether that user may do what they ask. Refusals are coded
 * `AirlockError`s (`forbidden`, `content_changed`, `illegal_transition`, `not_found`) whose message an
 * adapter shows the clicker privately.
 */
export interface PlatformGateway {
  /** Records a request with provenance `platform`. A replayed `eventId` returns the first request. */
  recordRequest(input: PlatformRequestInput): Promise<{ request: StoredRequest; replayed: boolean }>;
  agentByIdentity(platform: string, platformUserId: string): Promise<Agent | null>;
  agentByName(name: string): Promise<Agent | null>;
  decide(input: PlatformDecision): Promise<DecisionOutcome>;
  /** The card as it should look now (App Home, a stale click's refresh). */
  reviewCard(actionId: string): Promise<ReviewCard>;
  /** Pending holds the platform user may decide, oldest first (`/airlock pending`, App Home). */
  pendingFor(platform: string, platformUserId: string, limit?: number): Promise<ReviewCard[]>;
  /** An action's status for `/airlock status ID` (reviewers see any; requesters their own). */
  status(platform: string, platformUserId: string, actionId: string): Promise<ActionView>;
}
