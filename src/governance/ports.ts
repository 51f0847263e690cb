// Small interfaces the domain depends on. Implementations live in store/, platforms/ and main.ts.
import type { ClassifyInput, Decision } from './model.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IdSource {
  /** A new unique id with a readable prefix, e.g. `act_01J...`. */
  next(prefix: string): string;
}

/** Pure and synchronous: it runs on every agent message. May throw; the pipeline then holds (fail closed). */
export interface Classifier {
  readonly name: string;
  classify(input: ClassifyInput): Decision;
}

// ---- Store ---------------------------------------------------------------------------------

import type { DigestRuns, DigestSource } from './digest/figures.ts';

import type {
  Action,
  ActionStatus,
  Agent,
  AuditEvent,
  NewAuditEvent,
  Review,
  Reviewer,
  StoredRequest,
} from './model.ts';

export interface ActionFilter {
  status?: ActionStatus | undefined;
  agentId?: string | undefined;
  limit?: number | undefined;
}

export interface Repos {
  agents: {
    insert(agent: Agent, tokenHash: string): Promise<void>;
    get(id: string): Promise<Agent | null>;
    byName(name: string): Promise<Agent | null>;
    byTokenHash(tokenHash: string): Promise<Agent | null>;
    list(): Promise<Agent[]>;
    revoke(id: string, at: Date): Promise<boolean>;
    /** Sets (`at` a date) or clears (null) the kill switch; returns the updated agent. */
    setPaused(id: string, at: Date | null, reason: string | null): Promise<Agent | null>;
  };
  reviewers: {
    insert(reviewer: Reviewer, tokenHash: string): Promise<void>;
    get(id: string): Promise<Reviewer | null>;
    byName(name: string): Promise<Reviewer | null>;
    byTokenHash(tokenHash: string): Promise<Reviewer | null>;
    /** The reviewer whose identity on `platform` is `platformUserId` (who clicked a review card). */
    byIdentity(platform: string, platformUserId: string): Promise<Reviewer | null>;
    list(): Promise<Reviewer[]>;
    revoke(id: string, at: Date): Promise<boolean>;
  };
  requests: {
    /** `event`: the verified platform event it came from; (platform, id) is unique. */
    insert(request: StoredRequest, event?: { platform: string; id: string }): Promise<void>;
    get(id: string): Promise<StoredRequest | null>;
    byEvent(platform: string, eventId: string): Promise<StoredRequest | null>;
    listForAgent(
      agentId: string,
      opts: { limit: number; since?: Date | undefined },
    ): Promise<StoredRequest[]>;
  };
  actions: {
    insert(action: Action): Promise<void>;
    get(id: string): Promise<Action | null>;
    byIdempotencyKey(agentId: string, key: string): Promise<Action | null>;
    list(filter: ActionFilter): Promise<Action[]>;
    /** Applies `patch` only if the action is still in one of `from`; returns the updated row or null. */
    update(
      id: string,
      from: ReadonlyArray<ActionStatus>,
      patch: Partial<Action>,
      /**
       * Compare-and-set guards: `nextAttemptAt` is the publishing claim the caller holds; `contentHash`
       * the exact content a reviewer approved.
       */
      guard?: { nextAttemptAt?: Date | null; contentHash?: string; unset?: 'remindedAt' | 'escalatedAt' },
      /**
       * The row as the caller read it. In a transaction the store may then defer the write to the
       * commit, returning `{ ...current, ...patch }`; it commits only if the row is still exactly that.
       */
      current?: Action,
    ): Promise<Action | null>;
    /** Held or approved actions whose `expiresAt` has passed. */
    expiring(now: Date, limit: number): Promise<Action[]>;
    /** Held actions not yet reminded whose `expiresAt` is at or before `before`. */
    remindable(before: Date, limit: number): Promise<Action[]>;
    /** Held actions not yet escalated that were created at or before `before`. */
    escalatable(before: Date, limit: number): Promise<Action[]>;
    /**
     * Claims `publishing` actions whose retry time has come, pushing their `nextAttemptAt` to `leaseUntil`
     * so no other worker takes them meanwhile. Each due action is claimed by exactly one caller.
     */
    claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Action[]>;
    countByStatus(): Promise<Record<string, number>>;
  };
  reviews: {
    insert(review: Review): Promise<void>;
    forAction(actionId: string): Promise<Review[]>;
  };
  /** Requester consent ("let it post") recorded on the request, for one action's exact content. */
  grants: {
    insert(grant: RequestGrant): Promise<void>;
    forRequest(requestId: string): Promise<RequestGrant[]>;
  };
  /** Where a platform put what Airlock wrote for an action. One ref per (action, kind); put replaces. */
  refs: {
    put(actionId: string, kind: RefKind, platform: string, ref: PlatformRef, at: Date): Promise<void>;
    get(actionId: string, kind: RefKind): Promise<PlatformRef | null>;
  };
  /**
   * Deliveries of a platform whose messages are rows in Airlock's own database (the local platform).
   * Inside a transaction the row is written with the transaction's other writes, so a delivery commits
   * together with the state change that records it, or not at all.
   */
  outbox: {
    insert(message: OutboxMessage): Promise<void>;
  };
  /** Platform interactions already applied (a redelivered click changes nothing). */
  interactions: {
    seen(platform: string, interactionId: string): Promise<boolean>;
    /** Records it; false when it was already recorded. */
    record(platform: string, interactionId: string, actionId: string | null, at: Date): Promise<boolean>;
  };
  audit: {
    /** Extends the hash chain. Inside a transaction, concurrent appenders queue on the chain head. */
    append(event: NewAuditEvent, at: Date): Promise<AuditEvent>;
    /** Events with seq > afterSeq, in order. */
    page(afterSeq: number, limit: number): Promise<AuditEvent[]>;
    firstSeqSince(at: Date): Promise<number | null>;
    head(): Promise<{ seq: number; hash: string }>;
  };
}

export type RefKind = 'message' | 'review_card' | 'notice';

/** A message of the local platform as it is stored: every insert is a delivery. */
export interface OutboxMessage {
  id: string;
  type: 'message' | 'review_card' | 'notice' | 'digest';
  actionId: string | null;
  channel: string | null;
  thread: string | null;
  recipient: string | null;
  text: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface RequestGrant {
  id: string;
  requestId: string;
  actionId: string;
  contentHash: string;
  /** `requester:<platform>:<user id>` or `reviewer:<id>` acting as the requester. */
  grantedBy: string;
  createdAt: Date;
}

export interface StoreHealth {
  database: boolean;
  migrations: boolean;
  detail?: string;
}

export interface Store extends Repos {
  readonly kind: 'pglite' | 'postgres';
  /** The digest's figures, aggregated in the database. */
  readonly digest: DigestSource;
  /** Scheduled digests claimed and posted, one per (target, period). */
  readonly digestRuns: DigestRuns;
  /** Runs `fn` in one database transaction: state changes and their audit events commit together. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

// ---- Platform (port version 2) ----------------------------------------------------------
//
// A platform renders and delivers; the domain decides. Outbound calls return a `PlatformRef` that the
// pipeline stores per action (the published message, the review card, the requester notice) and hands
// back for in-place updates and retractions. Adapters signal failures with `PlatformError` (retryable or
// permanent, optional retry-after), which the publish retry honours.

import type { ActionStatus as Status, ChannelFacts, Reason } from './model.ts';
import type { Digest } from './digest/types.ts';

/** Where something an adapter wrote lives on the platform. Plain JSON: it is stored as is. */
export interface PlatformRef {
  /** The platform's id of the message/post/card (Slack `ts`, Discord message id, Discourse post id). */
  id: string;
  /** The container it lives in (channel id, topic id), when the id alone does not address it. */
  channel?: string | null;
  /** A link a human can open, when the platform has one. */
  url?: string | null;
  /** Anything else the adapter needs to edit or delete it later (e.g. an interaction token, webhook id). */
  data?: Record<string, unknown>;
}

export type RequesterEvent =
  | 'held'
  | 'published'
  | 'rejected'
  | 'expired'
  | 'failed'
  | 'blocked'
  | 'withdrawn'
  | 'retracted'
  | 'paused';

export interface ThreadMessage {
  author: string;
  text: string;
  ts: string;
}

/** One approval counted toward a hold's tally (of exactly the current content hash). */
export interface TallyEntry {
  reviewerId: string;
  reviewerName: string;
  at: Date;
}

/** How a held action ended, for the card and the notice. Absent while it is still pending. */
export interface ReviewOutcome {
  status: Status;
  /** Who decided: a reviewer's or requester's display name, or `system` (expiry, pause, failure). */
  by: { kind: 'reviewer' | 'requester' | 'agent' | 'system'; id?: string; name?: string };
  at: Date;
  reason?: string | null;
  /** The action was edited or redacted by the deciding reviewer before approval. */
  edited?: boolean;
}

/** Everything a review card shows; the same input for the first post and every update. */
export interface ReviewCard {
  action: Action;
  request: StoredRequest | null;
  agent: Agent;
  /** Reasons with spans into `action.text` (the current, possibly edited text). */
  reasons: Reason[];
  required: { count: number; group: string };
  tally: TallyEntry[];
  /** The content hash an approval from this card must name. */
  contentHash: string;
  expiresAt: Date | null;
  /** True when some reason can be redacted (a span to replace with `[redacted]`). */
  redactable: boolean;
  /** True when only scope reasons hold it, so the requester may release it. */
  scopeOnly: boolean;
  /** Reviewers who may decide it (for mentions; adapters never decide eligibility themselves). */
  eligible: Reviewer[];
  outcome?: ReviewOutcome | undefined;
  /** The card already posted, for updates. */
  ref?: PlatformRef | null;
}

export interface RequesterNotice {
  action: Action;
  request: StoredRequest;
  agent: Agent;
  event: RequesterEvent;
  /** Plain-words summary of why it is held ("you asked it to analyze, not to reply"). */
  why: string[];
  /** The requester may release it ("Let it post"): a scope-only hold that is still pending. */
  canRelease: boolean;
  /** The requester may discard it: a hold that is still pending. */
  canDiscard: boolean;
  outcome?: ReviewOutcome | undefined;
  /** The notice already sent, for updates. */
  ref?: PlatformRef | null;
}

export interface PublishInput {
  action: Action;
  /** Idempotency marker (the action id). An adapter finds an earlier delivery of it before posting again. */
  idempotencyKey: string;
  /** For the quiet provenance line: who approved it, or empty when it was in scope and published at once. */
  approvedBy: string[];
  /**
   * True on the first attempt of an action staged moments ago by this process (submit, decided publish):
   * nothing can have been delivered under this key yet, so the adapter may skip looking for a delivery.
   */
  firstAttempt?: boolean;
}

/** The digest data and its chart, rendered once; each platform formats them. */
export interface DigestPost {
  digest: Digest;
  /** Chart images, when rendered: PNG bytes and SVG text. */
  chart?: { png: Uint8Array; svg: string; width: number; height: number } | undefined;
  /** Where to post it (a review channel), when the caller knows; else the adapter's default. */
  channel?: string | null;
}

/**
 * What a platform does for Airlock. Every method may throw; adapters throw `PlatformError` so that the
 * pipeline can tell a rate limit or an outage (retry) from a permanent refusal (fail).
 */
export interface Platform {
  readonly name: string;
  /** Longest text the platform accepts; longer submissions are refused with 413. */
  readonly maxTextLength: number;
  /** Approved actions are executed by someone else (the MCP proxy claims and runs them). */
  readonly external?: boolean;
  /** Delivers the action's text exactly once per `idempotencyKey`, and returns where it landed. */
  publish(input: PublishInput): Promise<PlatformRef>;
  /**
   * For a platform whose deliveries are rows in Airlock's own database (local): everything `publish`
   * does except the write. The pipeline writes `message` with `tx.outbox.insert` in the transaction that
   * records the action published, so the delivery and its record commit together (one statement with
   * group commit) or not at all. `message` is null when an earlier delivery of the key was found (`ref`
   * is then that delivery). When present, the pipeline uses it instead of `publish`.
   */
  prepareDelivery?(input: PublishInput): Promise<{ ref: PlatformRef; message: OutboxMessage | null }>;
  /** Deletes a published post (undo). */
  retract?(action: Action, ref: PlatformRef): Promise<void>;
  /** Posts a review card. Null when this platform has nowhere to post it (no review channel). */
  requestReview(card: ReviewCard): Promise<PlatformRef | null>;
  /** Updates the card at `card.ref` in place (tally, new content after an edit, the outcome). */
  updateReview(card: ReviewCard & { ref: PlatformRef }): Promise<PlatformRef | null>;
  /** Tells the requester; with `notice.ref`, updates that notice in place. Null when it cannot. */
  notifyRequester(notice: RequesterNotice): Promise<PlatformRef | null>;
  postDigest(post: DigestPost): Promise<PlatformRef | null>;
  readThread?(channel: string, thread: string): Promise<ThreadMessage[]>;
  listChannels?(): Promise<ChannelFacts[]>;
  /**
   * What the platform delivered for a published action, as it keeps it (null: no record of it), for
   * `audit verify`. Platforms that keep no copy leave it out.
   */
  deliveredContent?(action: Action): Promise<DeliveredContent | null>;
}

/** The content fields of a delivered message that the content hash covers. */
export interface DeliveredContent {
  text: string;
  thread: string | null;
  recipient: string | null;
}
