// Configuration and shared plumbing types of the Discourse forum adapter.
import type { Platform } from '../../governance/ports.ts';
import type { LazyGateway } from '../platform.ts';

export interface ForumLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  info?(obj: Record<string, unknown>, msg: string): void;
}

export interface ForumPlatformConfig {
  /** The forum's base URL, e.g. `https://forum.example.com`; tests point it at a fake. */
  url: string;
  /** An "All users" API key: Airlock posts as each agent's forum user and as `username`. */
  apiKey: string;
  /** The secret typed into the forum's webhook settings; every webhook body is HMAC-SHA256 signed with it. */
  webhookSecret: string;
  /** Airlock's own forum user: review topics, review replies and private messages are posted as it. */
  username: string;
  /** Category id of the staff-only category for review topics; null: no review topics. */
  reviewCategory: number | null;
  /**
   * Another platform that shows review cards for forum actions (Slack or Discord, which have buttons).
   * Null: review topics in `reviewCategory`.
   */
  reviewVia?: Platform | null;
  gateway: LazyGateway;
  now: () => Date;
  log?: ForumLog;
  /** A 429 asking to wait at most this long is slept through and repeated (default 2 s); longer is retried later. */
  maxRateLimitWaitMs?: number;
  /** A forum call that has not answered by then is abandoned (default 10 s). */
  requestTimeoutMs?: number;
}

export const PLATFORM = 'forum';

/** Discourse's default `max_post_length`. */
export const FORUM_MAX_TEXT = 32_000;
