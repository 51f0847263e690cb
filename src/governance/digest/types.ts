// The digest as data: computed once (src/store/digest-query.ts gathers the figures, ./build.ts shapes
// them), rendered by each platform. Plain JSON throughout (ISO-8601 strings, numbers, nulls), so the
// JSON format is this object as is and a platform may store or send it unchanged.
//
// FROZEN (version 1): platform adapters render against this shape. Add optional fields only.
import { z } from 'zod';

/** How a held action ended (or that it has not yet). */
export const HELD_OUTCOMES = [
  'approved',
  'edited_approved',
  'redacted',
  'rejected',
  'expired',
  'withdrawn',
  'released',
  'pending',
] as const;
export type HeldOutcome = (typeof HELD_OUTCOMES)[number];

/** Held outcomes, then the actions that were never held: published at once, or blocked. */
export const OUTCOME_KEYS = [...HELD_OUTCOMES, 'auto_published', 'blocked'] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

const count = z.number().int().nonnegative();
const iso = z.string();

export const Outcomes = z.object({
  /** Approved as submitted by reviewers. */
  approved: count,
  /** A reviewer changed the text, then it was approved. */
  edited_approved: count,
  /** A reviewer redacted a span (e.g. a secret), then it was approved. */
  redacted: count,
  /** Rejected by a reviewer, or discarded by the requester. */
  rejected: count,
  expired: count,
  /** Withdrawn by the agent (or ended by an agent pause). */
  withdrawn: count,
  /** Released by the requester ("let it post") on a scope-only hold. */
  released: count,
  /** Still held when the digest was computed. */
  pending: count,
  /** Never held: in scope and clean, published at once. */
  auto_published: count,
  /** Never held: blocked outright. */
  blocked: count,
});
export type Outcomes = z.infer<typeof Outcomes>;

/** One row of a breakdown: the actions of this period with this key, by outcome. */
export const BreakdownRow = z.object({
  /** Category code, agent name, channel id or platform name. `(none)` when the action had none (a DM). */
  key: z.string(),
  /** Held actions (the sum of the held outcomes). */
  held: count,
  outcomes: Outcomes,
});
export type BreakdownRow = z.infer<typeof BreakdownRow>;

export const Delta = z.object({
  current: count,
  previous: count,
  /** current − previous */
  change: z.number().int(),
  /** Relative change in percent, rounded; null when the previous count was 0. */
  percent: z.number().nullable(),
});
export type Delta = z.infer<typeof Delta>;

export const PendingHold = z.object({
  action_id: z.string(),
  agent: z.string(),
  platform: z.string(),
  channel: z.string().nullable(),
  kind: z.string(),
  category: z.string(),
  /** Reason codes, e.g. `secret.aws_key`, `scope.unrequested_kind`. */
  reasons: z.array(z.string()),
  held_at: iso,
  /** Age at `generated_at`, in milliseconds. */
  age_ms: count,
  /** Where a reviewer opens it (the console). */
  url: z.string(),
});
export type PendingHold = z.infer<typeof PendingHold>;

/** "helper-bot replied in threads when asked to analyze: 14 times" */
export const Pattern = z.object({
  agent: z.string(),
  /** The action kind the agent took: post, reply, dm, config_change. */
  kind: z.string(),
  /** The verb that led the request ("analyze"), when the action answered one. */
  verb: z.string().nullable(),
  /** The scope reason code that held it. */
  code: z.string(),
  count,
  /** The sentence, ready to print. */
  text: z.string(),
});
export type Pattern = z.infer<typeof Pattern>;

export const ReviewerWarning = z.object({
  /** `fast_approvals`: approvals within seconds of the hold; `approves_everything`: no rejection over many. */
  code: z.enum(['fast_approvals', 'approves_everything']),
  message: z.string(),
});
export type ReviewerWarning = z.infer<typeof ReviewerWarning>;

export const ReviewerStats = z.object({
  reviewer_id: z.string(),
  name: z.string(),
  /** Reviews recorded in the period (approve, edit or reject). */
  decisions: count,
  approvals: count,
  edits: count,
  rejections: count,
  /** Approvals recorded less than `fast_approval_ms` after the action was held. */
  fast_approvals: count,
  median_ms: z.number().nullable(),
  warnings: z.array(ReviewerWarning),
});
export type ReviewerStats = z.infer<typeof ReviewerStats>;

export const AgentEvent = z.object({
  type: z.enum(['paused', 'resumed']),
  agent: z.string(),
  at: iso,
  /** `reviewer:<id>`, `system`, … */
  actor: z.string(),
  reason: z.string().nullable(),
});
export type AgentEvent = z.infer<typeof AgentEvent>;

export const Retraction = z.object({
  action_id: z.string(),
  agent: z.string(),
  at: iso,
  actor: z.string(),
  reason: z.string().nullable(),
});
export type Retraction = z.infer<typeof Retraction>;

export const DayRow = z.object({
  /** The local date, YYYY-MM-DD, in `period.time_zone`. */
  date: z.string(),
  /** Held actions that day by primary category (only categories with a count). */
  categories: z.record(z.string(), count),
  total: count,
});
export type DayRow = z.infer<typeof DayRow>;

export const Digest = z.object({
  version: z.literal(1),
  generated_at: iso,
  period: z.object({
    /** Inclusive. */
    from: iso,
    /** Exclusive. */
    to: iso,
    /** IANA zone the days are counted in. */
    time_zone: z.string(),
  }),
  previous_period: z.object({ from: iso, to: iso }),
  /** Actions held in the period (by when they were held). */
  held: count,
  /** Actions submitted in the period, any decision. */
  total: count,
  outcomes: Outcomes,
  /** Against the previous period of the same length, per outcome and for `held`. */
  change: z.object({ held: Delta, outcomes: z.record(z.string(), Delta) }),
  /**
   * Breakdowns, largest first. An action counts once, under its primary category (the gravest of its
   * reasons: secret, pii, injection, destructive, permission, broadcast, link, policy, scope, other).
   */
  by_category: z.array(BreakdownRow),
  by_agent: z.array(BreakdownRow),
  by_channel: z.array(BreakdownRow),
  by_platform: z.array(BreakdownRow),
  /** From the hold to the first human decision (approval, rejection or release). */
  time_to_decision: z.object({
    decided: count,
    median_ms: z.number().nullable(),
    p90_ms: z.number().nullable(),
    previous_median_ms: z.number().nullable(),
  }),
  /** The holds waiting longest, whenever they were held. */
  oldest_pending: z.array(PendingHold),
  /** Top unrequested-action patterns per agent, most frequent first. */
  patterns: z.array(Pattern),
  reviewers: z.array(ReviewerStats),
  fast_approval_ms: count,
  pauses: z.array(AgentEvent),
  retractions: z.array(Retraction),
  /** Every local day of the period, in order, including days with nothing held. */
  daily: z.array(DayRow),
  /** The console page for this digest's holds. */
  url: z.string(),
});
export type Digest = z.infer<typeof Digest>;
