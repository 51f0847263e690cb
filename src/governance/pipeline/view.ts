import type { ActionView } from '../gateway.ts';
import type { Action } from '../model.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(a: Action): ActionView {
  return {
    id: a.id,
    status: a.status,
    kind: a.kind,
    platform: a.platform,
    channel: a.channel,
    thread: a.thread,
    recipient: a.recipient,
    text: a.text,
    change: a.change,
    request_id: a.requestId,
    decision: a.decision.decision,
    in_scope: a.decision.in_scope,
    risk: a.decision.risk,
    reasons: a.decision.reasons,
    rule: a.decision.rule ?? null,
    approvals: a.decision.approvals ?? null,
    platform_ref: a.platformRef,
    content_hash: a.contentHash,
    attempts: a.attempts,
    last_error: a.lastError,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    decided_at: iso(a.decidedAt),
    published_at: iso(a.publishedAt),
    expires_at: iso(a.expiresAt),
  };
}
