// The domain's nouns. Shapes that cross a boundary (the classify contract, the HTTP API, MCP tools)
// are zod schemas so every entry point validates the same way and errors name the field.
import { z } from 'zod';

export const ACTION_KINDS = ['post', 'reply', 'dm', 'config_change'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const DECISIONS = ['publish', 'hold', 'block'] as const;
export type DecisionVerdict = (typeof DECISIONS)[number];

export const RISKS = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];

export const CATEGORIES = [
  'scope',
  'secret',
  'pii',
  'permission',
  'destructive',
  'link',
  'broadcast',
  'injection',
  'policy',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROVENANCES = ['platform', 'api', 'agent'] as const;
export type Provenance = (typeof PROVENANCES)[number];

const id = z.string().min(1).max(512);

export const PersonRef = z.object({ id, name: z.string().max(256).optional() });
export type PersonRef = z.infer<typeof PersonRef>;

export const RequestInput = z.object({
  text: z.string().max(100_000),
  requester: PersonRef,
  platform: z.string().min(1).max(64),
  origin: z.object({ channel: id, thread: id.nullish() }),
});
export type RequestInput = z.infer<typeof RequestInput>;

export const ConfigChange = z.object({
  system: z.string().min(1).max(128),
  operation: z.string().min(1).max(128),
  target: z.string().max(512).nullish(),
  subject: z.string().max(512).nullish(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ConfigChange = z.infer<typeof ConfigChange>;

/** Text size is bounded per platform by the pipeline (413); this cap only stops absurd bodies. */
export const MAX_ACTION_TEXT = 1_000_000;

export const ActionInput = z
  .object({
    kind: z.enum(ACTION_KINDS),
    channel: id.optional(),
    thread: id.nullish(),
    recipient: id.optional(),
    text: z.string().max(MAX_ACTION_TEXT),
    change: ConfigChange.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.kind === 'post' || a.kind === 'reply') && !a.channel) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: `a ${a.kind} needs a channel` });
    }
    if (a.kind === 'reply' && !a.thread) {
      ctx.addIssue({ code: 'custom', path: ['thread'], message: 'a reply needs a thread' });
    }
    if (a.kind === 'dm' && !a.recipient) {
      ctx.addIssue({ code: 'custom', path: ['recipient'], message: 'a dm needs a recipient' });
    }
  });
export type ActionInput = z.infer<typeof ActionInput>;

export const ChannelFacts = z.object({
  id,
  name: z.string().max(256).optional(),
  members: z.number().int().nonnegative().optional(),
  private: z.boolean().optional(),
  external: z.boolean().optional(),
});
export type ChannelFacts = z.infer<typeof ChannelFacts>;

export const Context = z.object({
  channels: z.array(ChannelFacts).max(10_000).optional(),
  users: z.array(PersonRef).max(100_000).optional(),
});
export type Context = z.infer<typeof Context>;

/** One line of the `airlock classify` contract (`../shared/contracts/classify.md`). */
export const ClassifyCase = z.object({
  id: z.string(),
  request: RequestInput.nullable(),
  agent: PersonRef,
  action: ActionInput,
  context: Context.optional(),
});
export type ClassifyCase = z.infer<typeof ClassifyCase>;

export interface Reason {
  code: string;
  category: Category;
  message: string;
  /** [start, end) in UTF-16 code units of the original `action.text`. */
  span?: [number, number];
}

export interface Approvals {
  count: number;
  group: string;
  /**
   * Separation of duties is relaxed for this rule: whoever made or recorded the request may approve even
   * when the hold has a content risk (policy `approvals.requester_may_approve: true`).
   */
  requester_may_approve?: boolean;
  /** After escalation (unanswered too long), reviewers of this group may decide too. */
  escalated_to?: string;
}

export interface Decision {
  decision: DecisionVerdict;
  in_scope: boolean;
  risk: Risk;
  reasons: Reason[];
  /** The policy rule that decided (`policy.<rule-name>` is also among the reasons when a rule fired). */
  rule?: string;
  /** What a hold needs before it may be published. */
  approvals?: Approvals;
}

export interface ClassifyInput {
  request: RequestInput | null;
  agent: PersonRef;
  action: ActionInput;
  context?: Context | undefined;
}

export const riskRank = (r: Risk): number => RISKS.indexOf(r);
export const maxRisk = (a: Risk, b: Risk): Risk => (riskRank(a) >= riskRank(b) ? a : b);

// ---- Stored entities ----------------------------------------------------------------------

export const ACTION_STATUSES = [
  'received',
  'published',
  'held',
  'blocked',
  'approved',
  'publishing',
  'rejected',
  'expired',
  'withdrawn',
  'failed',
  'retracted',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface Agent {
  id: string;
  name: string;
  /** The agent's identities on platforms, e.g. { slack: "B900" }. */
  identities: Record<string, string>;
  createdAt: Date;
  revokedAt: Date | null;
  /** Kill switch: while set, every action of this agent is held with reason `policy.agent_paused`. */
  pausedAt?: Date | null;
  pauseReason?: string | null;
}

export interface Reviewer {
  id: string;
  name: string;
  groups: string[];
  /** Platform identities, e.g. { slack: "U123" }, used to match clicks on review cards. */
  identities: Record<string, string>;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface StoredRequest extends RequestInput {
  id: string;
  provenance: Provenance;
  /**
   * Who recorded it: `reviewer:<id>`, `integration`, or `platform:<name>` (a verified platform event).
   * Null for requests recorded before this was kept.
   */
  recordedBy?: string | null;
  agentId: string | null;
  createdAt: Date;
}

export interface Action {
  id: string;
  agentId: string;
  requestId: string | null;
  kind: ActionKind;
  platform: string;
  channel: string | null;
  thread: string | null;
  recipient: string | null;
  text: string;
  change: ConfigChange | null;
  context: Context | null;
  contentHash: string;
  status: ActionStatus;
  decision: Decision;
  idempotencyKey: string | null;
  /** Hash of the submitted body, to tell a retry from a different request reusing the key. */
  bodyHash: string | null;
  platformRef: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  decidedAt: Date | null;
  publishedAt: Date | null;
  /** When reviewers were reminded of this hold (set once). */
  remindedAt?: Date | null;
  /** When the hold was escalated to the escalation group (set once). */
  escalatedAt?: Date | null;
}

export const VERDICTS = ['approve', 'reject', 'edit'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Review {
  id: string;
  actionId: string;
  reviewerId: string;
  verdict: Verdict;
  reason: string | null;
  editedText: string | null;
  /** Hash of exactly the content this review saw (after its edit, if any). */
  contentHash: string;
  createdAt: Date;
}

export interface AuditEvent {
  seq: number;
  at: Date;
  /** Who caused it: `agent:<id>`, `reviewer:<id>`, `system`. */
  actor: string;
  type: string;
  actionId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash' | 'at'>;
