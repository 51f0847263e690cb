// What the store aggregates for a digest (SQL, not rows): the port between the domain and store/.
import type { OutcomeKey } from './types.ts';

export interface DigestQuery {
  from: Date;
  to: Date;
  /** The previous period, compared against. */
  previousFrom: Date;
  /** IANA zone the days are counted in (validated by the caller). */
  timeZone: string;
  fastApprovalMs: number;
  oldestLimit: number;
  /** At most this many (agent, kind, code, request) groups come back for the patterns. */
  patternGroups: number;
  /** Pending holds are aged against this instant. */
  now: Date;
}

/** Actions of the period grouped by everything the breakdowns need. */
export interface OutcomeCell {
  category: string;
  agent: string;
  channel: string | null;
  platform: string;
  outcome: OutcomeKey;
  n: number;
}

export interface DigestFigures {
  cells: OutcomeCell[];
  previous: Array<{ outcome: OutcomeKey; n: number }>;
  decisions: {
    decided: number;
    medianMs: number | null;
    p90Ms: number | null;
    previousMedianMs: number | null;
  };
  oldestPending: Array<{
    actionId: string;
    agent: string;
    platform: string;
    channel: string | null;
    kind: string;
    category: string;
    reasons: string[];
    heldAt: Date;
  }>;
  /** Scope-held actions grouped by agent, kind, scope reason code and the request's text. */
  patterns: Array<{ agent: string; kind: string; code: string; request: string | null; n: number }>;
  reviewers: Array<{
    reviewerId: string;
    name: string;
    decisions: number;
    approvals: number;
    edits: number;
    rejections: number;
    fast: number;
    medianMs: number | null;
  }>;
  agentEvents: Array<{
    type: 'paused' | 'resumed';
    agent: string;
    at: Date;
    actor: string;
    reason: string | null;
  }>;
  retractions: Array<{ actionId: string; agent: string; at: Date; actor: string; reason: string | null }>;
  /** Held actions per local date (YYYY-MM-DD in the query's zone) and primary category. */
  daily: Array<{ date: string; category: string; n: number }>;
}

/** Where the figures come from: store/ implements it with SQL aggregation. */
export interface DigestSource {
  figures(q: DigestQuery): Promise<DigestFigures>;
}

/** The durable record of scheduled digests: one row per (target, period start), claimed before posting. */
export interface DigestRuns {
  /** True for exactly one caller per (target, periodStart), across processes. */
  claim(target: string, periodStart: Date, periodEnd: Date, at: Date): Promise<boolean>;
  /** Records where the digest landed (or why it failed) after posting. */
  finish(
    target: string,
    periodStart: Date,
    result: { ref: unknown; error: string | null; at: Date },
  ): Promise<void>;
  /** The latest period start posted to the target, if any (a failed post stays due). */
  last(target: string): Promise<Date | null>;
}
