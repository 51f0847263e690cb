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
    insert(request: StoredRequest): Promise<void>;
    get(id: string): Promise<StoredRequest | null>;
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
      guard?: { nextAttemptAt?: Date | null; contentHash?: string },
    ): Promise<Action | null>;
    /** Held or approved actions whose `expiresAt` has passed. */
    expiring(now: Date, limit: number): Promise<Action[]>;
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
  audit: {
    /** Extends the hash chain. Inside a transaction, concurrent appenders queue on the chain head. */
    append(event: NewAuditEvent, at: Date): Promise<AuditEvent>;
    /** Events with seq > afterSeq, in order. */
    page(afterSeq: number, limit: number): Promise<AuditEvent[]>;
    firstSeqSince(at: Date): Promise<number | null>;
    head(): Promise<{ seq: number; hash: string }>;
  };
}

export interface StoreHealth {
  database: boolean;
  migrations: boolean;
  detail?: string;
}

export interface Store extends Repos {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one database transaction: state changes and their audit events commit together. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

// ---- Platform ------------------------------------------------------------------------------

import type { ChannelFacts } from './model.ts';
import type { Digest } from './digest/types.ts';

export type RequesterEvent =
  | 'held'
  | 'published'
  | 'rejected'
  | 'expired'
  | 'failed'
  | 'blocked'
  | 'withdrawn';

export interface ThreadMessage {
  author: string;
  text: string;
  ts: string;
}

/**
 * What a platform does for Airlock. The domain decides; a platform only renders and delivers.
 * Every method may throw; the pipeline retries publishes and records failures of the others.
 */
export interface Platform {
  readonly name: string;
  /** Longest text the platform accepts; longer submissions are refused with 413. */
  readonly maxTextLength: number;
  /** Approved actions are executed by someone else (the MCP proxy claims and runs them). */
  readonly external?: boolean;
  /** Delivers the action's text. Should be idempotent on action.id where the platform allows. */
  publish(action: Action): Promise<{ ref: string }>;
  requestReview(input: { action: Action; request: StoredRequest | null; agent: Agent }): Promise<void>;
  updateReview(input: { action: Action; reviewer?: Reviewer | undefined }): Promise<void>;
  notifyRequester(input: {
    action: Action;
    request: StoredRequest;
    agent: Agent;
    event: RequesterEvent;
  }): Promise<void>;
  postDigest(digest: Digest): Promise<void>;
  readThread?(channel: string, thread: string): Promise<ThreadMessage[]>;
  listChannels?(): Promise<ChannelFacts[]>;
}
