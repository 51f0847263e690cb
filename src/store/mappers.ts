// Row ↔ domain object conversions. The only place that knows both shapes.
import type {
  Action,
  ActionStatus,
  Agent,
  AuditEvent,
  Review,
  Reviewer,
  StoredRequest,
} from '../governance/model.ts';
import type * as schema from './schema.ts';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export const agentFromRow = (r: Row<typeof schema.agents>): Agent => ({
  id: r.id,
  name: r.name,
  identities: r.identities,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
  pausedAt: r.pausedAt,
  pauseReason: r.pauseReason,
});

export const reviewerFromRow = (r: Row<typeof schema.reviewers>): Reviewer => ({
  id: r.id,
  name: r.name,
  groups: r.groups,
  identities: r.identities,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
});

export const requestFromRow = (r: Row<typeof schema.requests>): StoredRequest => ({
  id: r.id,
  agentId: r.agentId,
  text: r.text,
  requester: r.requesterName === null ? { id: r.requesterId } : { id: r.requesterId, name: r.requesterName },
  platform: r.platform,
  origin: { channel: r.originChannel, thread: r.originThread },
  provenance: r.provenance,
  recordedBy: r.recordedBy ?? null,
  createdAt: r.createdAt,
});

export const requestToRow = (
  r: StoredRequest,
  event?: { platform: string; id: string },
): Row<typeof schema.requests> => ({
  id: r.id,
  agentId: r.agentId,
  text: r.text,
  requesterId: r.requester.id,
  requesterName: r.requester.name ?? null,
  platform: r.platform,
  originChannel: r.origin.channel,
  originThread: r.origin.thread ?? null,
  provenance: r.provenance,
  recordedBy: r.recordedBy ?? null,
  eventPlatform: event?.platform ?? null,
  eventId: event?.id ?? null,
  createdAt: r.createdAt,
});

export const actionFromRow = (r: Row<typeof schema.actions>): Action => ({
  id: r.id,
  agentId: r.agentId,
  requestId: r.requestId,
  kind: r.kind,
  platform: r.platform,
  channel: r.channel,
  thread: r.thread,
  recipient: r.recipient,
  text: r.text,
  change: r.change ?? null,
  context: r.context ?? null,
  contentHash: r.contentHash,
  status: r.status as ActionStatus,
  decision: {
    decision: r.decision,
    in_scope: r.inScope,
    risk: r.risk as Action['decision']['risk'],
    reasons: r.reasons,
    ...(r.rule === null ? {} : { rule: r.rule }),
    ...(r.approvals === null ? {} : { approvals: r.approvals }),
  },
  idempotencyKey: r.idempotencyKey,
  bodyHash: r.bodyHash,
  platformRef: r.platformRef,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  expiresAt: r.expiresAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  decidedAt: r.decidedAt,
  publishedAt: r.publishedAt,
  remindedAt: r.remindedAt,
  escalatedAt: r.escalatedAt,
});

type ActionRow = Row<typeof schema.actions>;

/** Maps a partial domain patch to a partial row; `decision` expands into its columns. */
const PATCHABLE = [
  'status',
  'text',
  'contentHash',
  'platformRef',
  'attempts',
  'nextAttemptAt',
  'lastError',
  'expiresAt',
  'updatedAt',
  'decidedAt',
  'publishedAt',
  'remindedAt',
  'escalatedAt',
] as const;

/** Every field of the patch is written by `actionPatchToRow` (so `{ ...row, ...patch }` is the new row). */
export const isPersistedPatch = (p: Partial<Action>): boolean =>
  Object.keys(p).every((k) => k === 'decision' || (PATCHABLE as readonly string[]).includes(k));

export function actionPatchToRow(p: Partial<Action>): Partial<ActionRow> {
  const { decision, ...rest } = p;
  const row: Partial<ActionRow> = {};
  for (const k of PATCHABLE) if (k in rest) (row as Record<string, unknown>)[k] = rest[k];
  if (decision) Object.assign(row, decisionColumns(decision));
  return row;
}

export const decisionColumns = (d: Action['decision']) => ({
  decision: d.decision,
  inScope: d.in_scope,
  risk: d.risk,
  reasons: d.reasons,
  rule: d.rule ?? null,
  approvals: d.approvals ?? null,
});

export const actionToRow = (a: Action): ActionRow => ({
  id: a.id,
  agentId: a.agentId,
  requestId: a.requestId,
  kind: a.kind,
  platform: a.platform,
  channel: a.channel,
  thread: a.thread,
  recipient: a.recipient,
  text: a.text,
  change: a.change,
  context: a.context,
  contentHash: a.contentHash,
  status: a.status,
  ...decisionColumns(a.decision),
  idempotencyKey: a.idempotencyKey,
  bodyHash: a.bodyHash,
  platformRef: a.platformRef,
  attempts: a.attempts,
  nextAttemptAt: a.nextAttemptAt,
  lastError: a.lastError,
  expiresAt: a.expiresAt,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  decidedAt: a.decidedAt,
  publishedAt: a.publishedAt,
  remindedAt: a.remindedAt ?? null,
  escalatedAt: a.escalatedAt ?? null,
});

export const reviewFromRow = (r: Row<typeof schema.reviews>): Review => ({ ...r, verdict: r.verdict });

export const auditFromRow = (r: Row<typeof schema.auditEvents>): AuditEvent => ({ ...r });
