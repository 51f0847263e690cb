// A synthetic history with known answers, written through the store's repositories (actions, reviews,
// audit events at chosen instants). Period: the week of the US DST change, counted in New York:
// Wed 2026-10-28 00:00 EDT (04:00Z) to Wed 2026-11-04 00:00 EST (05:00Z).
import type { Action, ActionKind, ActionStatus, Category, Reason } from '../../../src/governance/model.ts';
import type { Store } from '../../../src/governance/ports.ts';

export const TZ = 'America/New_York';
export const FROM = new Date('2026-10-28T04:00:00Z');
export const TO = new Date('2026-11-04T05:00:00Z');
export const NOW = TO;

const S = 1000;
const reason = (category: Category, code: string): Reason => ({ code, category, message: code });
const SCOPE = reason('scope', 'scope.unrequested_kind');

interface Spec {
  id: string;
  agent?: string;
  at: string;
  decision: 'publish' | 'hold' | 'block';
  status: ActionStatus;
  reasons?: Reason[];
  kind?: ActionKind;
  channel?: string | null;
  platform?: string;
  request?: string | null;
}

export async function seedHistory(store: Store): Promise<void> {
  const t0 = new Date('2026-10-01T00:00:00Z');
  for (const [id, name] of [
    ['agt_helper', 'helper-bot'],
    ['agt_deploy', 'deploy-bot'],
  ] as const) {
    await store.agents.insert({ id, name, identities: {}, createdAt: t0, revokedAt: null }, `hash-${id}`);
  }
  for (const [id, name] of [
    ['rvw_alice', 'alice'],
    ['rvw_bob', 'bob'],
  ] as const) {
    await store.reviewers.insert(
      { id, name, groups: ['reviewers'], identities: {}, createdAt: t0, revokedAt: null },
      `hash-${id}`,
    );
  }
  await store.requests.insert({
    id: 'req_analyze',
    text: '@helper-bot please analyze the flaky tests in #eng',
    requester: { id: 'U1', name: 'dana' },
    platform: 'local',
    origin: { channel: 'C-eng', thread: 't1' },
    provenance: 'platform',
    agentId: 'agt_helper',
    createdAt: t0,
  });

  const specs: Spec[] = [
    // Current period (10-28 04:00Z … 11-04 05:00Z).
    { id: 'h1', at: '2026-10-28T12:00:00Z', decision: 'hold', status: 'published', reasons: [SCOPE] },
    { id: 'h2', at: '2026-10-28T13:00:00Z', decision: 'hold', status: 'published', reasons: [SCOPE] },
    {
      id: 'h3',
      at: '2026-10-28T14:00:00Z',
      decision: 'hold',
      status: 'published',
      reasons: [reason('link', 'link.unknown_domain'), reason('secret', 'secret.aws_key')],
      kind: 'post',
    },
    {
      id: 'h4',
      at: '2026-10-30T15:00:00Z',
      decision: 'hold',
      status: 'published',
      reasons: [reason('pii', 'pii.email')],
      kind: 'post',
      channel: 'C-ops',
    },
    { id: 'h5', at: '2026-10-30T16:00:00Z', decision: 'hold', status: 'rejected', reasons: [SCOPE] },
    {
      id: 'h6',
      at: '2026-10-31T03:59:59Z', // 23:59:59 EDT on 10-30
      decision: 'hold',
      status: 'expired',
      reasons: [reason('link', 'link.shortener')],
      kind: 'post',
      platform: 'slack',
      agent: 'agt_deploy',
      request: null,
    },
    { id: 'h7', at: '2026-10-31T04:00:00Z', decision: 'hold', status: 'withdrawn', reasons: [SCOPE] },
    // 01:30 local, twice: EDT then EST (the fold of the DST change); both on 11-01.
    { id: 'h8', at: '2026-11-01T05:30:00Z', decision: 'hold', status: 'held', reasons: [SCOPE] },
    { id: 'h9', at: '2026-11-01T06:30:00Z', decision: 'hold', status: 'held', reasons: [SCOPE] },
    {
      id: 'p1',
      at: FROM.toISOString(),
      decision: 'publish',
      status: 'published',
      agent: 'agt_deploy',
      request: null,
    },
    {
      id: 'p2',
      at: new Date(TO.getTime() - 1).toISOString(),
      decision: 'publish',
      status: 'published',
      agent: 'agt_deploy',
      request: null,
    },
    {
      id: 'b1',
      at: '2026-11-02T10:00:00Z',
      decision: 'block',
      status: 'blocked',
      reasons: [reason('secret', 'secret.private_key')],
      agent: 'agt_deploy',
      request: null,
      kind: 'post',
    },
    // Previous period: one approved, one rejected 1 ms before the boundary.
    { id: 'q1', at: '2026-10-22T12:00:00Z', decision: 'hold', status: 'published', reasons: [SCOPE] },
    {
      id: 'q2',
      at: new Date(FROM.getTime() - 1).toISOString(),
      decision: 'hold',
      status: 'rejected',
      reasons: [SCOPE],
    },
    // The next period (exactly `to` is excluded).
    { id: 'n1', at: TO.toISOString(), decision: 'hold', status: 'held', reasons: [SCOPE] },
  ];
  for (const s of specs) await store.actions.insert(actionOf(s));

  const at = (id: string, after: number) =>
    new Date(new Date(specs.find((s) => s.id === id)!.at).getTime() + after);
  const ev = async (
    actionId: string | null,
    type: string,
    when: Date,
    actor: string,
    data: Record<string, unknown> = {},
  ) => {
    await store.audit.append({ actor, type, actionId, data }, when);
  };
  const review = async (
    actionId: string,
    reviewerId: string,
    verdict: 'approve' | 'edit' | 'reject',
    when: Date,
  ) => {
    await store.reviews.insert({
      id: `rev_${actionId}_${reviewerId}`,
      actionId,
      reviewerId,
      verdict,
      reason: null,
      editedText: verdict === 'edit' ? 'edited' : null,
      contentHash: 'h',
      createdAt: when,
    });
  };
  // h1: alice approves 5 s after the hold (a fast approval).
  await review('h1', 'rvw_alice', 'approve', at('h1', 5 * S));
  await ev('h1', 'action.approved', at('h1', 5 * S), 'reviewer:rvw_alice', {
    approvers: ['rvw_alice'],
    edited: false,
    redacted: false,
  });
  // h2: the requester lets it post after a minute.
  await ev('h2', 'action.released', at('h2', 60 * S), 'requester:U1');
  // h3: bob redacts the secret and approves after 2 minutes.
  await review('h3', 'rvw_bob', 'edit', at('h3', 120 * S));
  await ev('h3', 'action.edited', at('h3', 120 * S), 'reviewer:rvw_bob', {
    from: 'a',
    to: 'b',
    redacted: true,
  });
  await ev('h3', 'action.approved', at('h3', 120 * S), 'reviewer:rvw_bob', {
    approvers: ['rvw_bob'],
    edited: true,
    redacted: true,
  });
  // h4: bob edits and approves after 5 minutes.
  await review('h4', 'rvw_bob', 'edit', at('h4', 300 * S));
  await ev('h4', 'action.edited', at('h4', 300 * S), 'reviewer:rvw_bob', { from: 'a', to: 'b' });
  await ev('h4', 'action.approved', at('h4', 300 * S), 'reviewer:rvw_bob', {
    approvers: ['rvw_bob'],
    edited: true,
    redacted: false,
  });
  // h5: bob rejects after 10 minutes.
  await review('h5', 'rvw_bob', 'reject', at('h5', 600 * S));
  await ev('h5', 'action.rejected', at('h5', 600 * S), 'reviewer:rvw_bob', { reason: 'not asked' });
  await ev('h6', 'action.expired', at('h6', 86_400 * S), 'system');
  await ev('h7', 'action.withdrawn', at('h7', 30 * S), 'agent:agt_helper');
  // Previous period: approved after 20 minutes; rejected after 1 minute.
  await review('q1', 'rvw_alice', 'approve', at('q1', 1200 * S));
  await ev('q1', 'action.approved', at('q1', 1200 * S), 'reviewer:rvw_alice', { approvers: ['rvw_alice'] });
  await ev('q2', 'action.rejected', at('q2', 60 * S), 'reviewer:rvw_alice', { reason: 'no' });
  // A pause and a retraction in the period.
  await ev(null, 'agent.paused', new Date('2026-11-02T09:00:00Z'), 'reviewer:rvw_bob', {
    agentId: 'agt_deploy',
    reason: 'leaked a key',
  });
  await ev(null, 'agent.resumed', new Date('2026-11-02T18:00:00Z'), 'reviewer:rvw_bob', {
    agentId: 'agt_deploy',
    reason: 'token rotated',
  });
  await ev('p1', 'action.retracted', new Date('2026-10-29T08:00:00Z'), 'reviewer:rvw_alice', {
    reason: 'wrong channel',
  });
}

function actionOf(s: Spec): Action {
  const at = new Date(s.at);
  const reasons = s.reasons ?? [];
  return {
    id: s.id,
    agentId: s.agent ?? 'agt_helper',
    requestId: s.request === null ? null : 'req_analyze',
    kind: s.kind ?? 'reply',
    platform: s.platform ?? 'local',
    channel: s.channel === undefined ? 'C-eng' : s.channel,
    thread: (s.kind ?? 'reply') === 'reply' ? 't1' : null,
    recipient: null,
    text: `text of ${s.id}`,
    change: null,
    context: null,
    contentHash: `hash-${s.id}`,
    status: s.status,
    decision: {
      decision: s.decision,
      in_scope: !reasons.some((r) => r.category === 'scope'),
      risk: s.decision === 'publish' ? 'none' : 'medium',
      reasons,
    },
    idempotencyKey: null,
    bodyHash: null,
    platformRef: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    expiresAt: null,
    createdAt: at,
    updatedAt: at,
    decidedAt: at,
    publishedAt: null,
  };
}
