// The digest's figures by SQL aggregation (a period's rows are grouped in the database, never loaded),
// and the durable record of scheduled digests. Indexes: migrations/0002_digest.sql.
import type { DigestFigures, DigestQuery, DigestRuns, DigestSource } from '../governance/digest/index.ts';
import type { OutcomeKey } from '../governance/digest/types.ts';

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Gravest first: an action's primary category is the first of these among its reasons. */
const CATEGORY_RANK = `array['secret','pii','injection','destructive','permission','broadcast','link','policy','scope','other']`;

const PRIMARY_CATEGORY = `coalesce((select r->>'category' from jsonb_array_elements(a.reasons) r
    order by array_position(${CATEGORY_RANK}, r->>'category') nulls last limit 1), 'other')`;

/**
 * How each action of a period ended. Held actions read their human decision from the audit trail
 * (released, edited, redacted); everything else from the action's decision and status.
 */
const OUTCOME = `case
    when a.decision = 'publish' then 'auto_published'
    when a.decision = 'block' then 'blocked'
    when a.status in ('held', 'received') then 'pending'
    when a.status = 'expired' then 'expired'
    when a.status = 'withdrawn' then 'withdrawn'
    when a.status = 'rejected' then 'rejected'
    when coalesce(ev.released, false) then 'released'
    when coalesce(ev.redacted, false) then 'redacted'
    when coalesce(ev.edited, false) then 'edited_approved'
    else 'approved' end`;

/**
 * What the audit trail says about the decisions of the period's actions: the decision events since the
 * period began ($1), read by (type, at) and grouped per action, then hash-joined (one pass, not one
 * probe per action). Decisions come after the hold, so nothing earlier is needed.
 */
const EVENTS = `left join (
    select e.action_id,
           bool_or(e.type = 'action.released') as released,
           bool_or(e.type = 'action.edited') as edited,
           bool_or(e.type in ('action.edited', 'action.approved') and e.data->>'redacted' = 'true') as redacted,
           min(e.at) filter (where e.type in ('action.approved', 'action.rejected', 'action.released')) as decided_at
      from audit_events e
     where e.type in ('action.released', 'action.edited', 'action.approved', 'action.rejected')
       and e.at >= $1::timestamptz
     group by e.action_id
  ) ev on ev.action_id = a.id and a.decision = 'hold'`;

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v ?? '');
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

export function createDigestSource(query: Query): DigestSource {
  return {
    figures: async (q: DigestQuery): Promise<DigestFigures> => {
      const from = q.from.toISOString();
      const to = q.to.toISOString();
      const prev = q.previousFrom.toISOString();
      // Sequential on purpose: PGlite serializes anyway, and on PostgreSQL the digest should not take
      // six pool connections from the request path.
      const cells = await query(
        `select a.created_at >= $2::timestamptz as current,
                ${PRIMARY_CATEGORY} as category, ag.name as agent, a.channel, a.platform,
                ${OUTCOME} as outcome, count(*)::int as n
           from actions a
           join agents ag on ag.id = a.agent_id
           ${EVENTS}
          where a.created_at >= $1::timestamptz and a.created_at < $3::timestamptz
          group by 1, 2, 3, 4, 5, 6`,
        [prev, from, to],
      );
      const decisions = await query(
        `select count(*) filter (where current and decided_at is not null)::int as decided,
                percentile_cont(0.5) within group (order by ms) filter (where current) as median,
                percentile_cont(0.9) within group (order by ms) filter (where current) as p90,
                percentile_cont(0.5) within group (order by ms) filter (where not current) as previous_median
           from (select a.created_at >= $2::timestamptz as current, ev.decided_at,
                        extract(epoch from (ev.decided_at - a.created_at)) * 1000 as ms
                   from actions a
                   ${EVENTS}
                  where a.decision = 'hold' and a.created_at >= $1::timestamptz and a.created_at < $3::timestamptz
                    and ev.decided_at is not null) d`,
        [prev, from, to],
      );
      const pending = await query(
        `select a.id, ag.name as agent, a.platform, a.channel, a.kind, a.reasons, a.created_at,
                ${PRIMARY_CATEGORY} as category
           from actions a join agents ag on ag.id = a.agent_id
          where a.status = 'held'
          order by a.created_at, a.id
          limit $1`,
        [q.oldestLimit],
      );
      const patterns = await query(
        `select ag.name as agent, a.kind, r->>'code' as code, left(rq.text, 500) as request, count(*)::int as n
           from actions a
           join agents ag on ag.id = a.agent_id
           left join requests rq on rq.id = a.request_id
           cross join lateral jsonb_array_elements(a.reasons) r
          where a.decision = 'hold' and a.created_at >= $1::timestamptz and a.created_at < $2::timestamptz
            and r->>'category' = 'scope'
          group by 1, 2, 3, 4
          order by n desc, 1, 2, 3, 4
          limit $3`,
        [from, to, q.patternGroups],
      );
      const reviewers = await query(
        `select rv.reviewer_id, w.name, count(*)::int as decisions,
                count(*) filter (where rv.verdict = 'approve')::int as approvals,
                count(*) filter (where rv.verdict = 'edit')::int as edits,
                count(*) filter (where rv.verdict = 'reject')::int as rejections,
                count(*) filter (where rv.verdict = 'approve'
                  and rv.created_at - a.created_at < make_interval(secs => $3::double precision / 1000))::int as fast,
                percentile_cont(0.5) within group (order by extract(epoch from (rv.created_at - a.created_at)) * 1000) as median
           from reviews rv
           join actions a on a.id = rv.action_id
           join reviewers w on w.id = rv.reviewer_id
          where rv.created_at >= $1::timestamptz and rv.created_at < $2::timestamptz
          group by 1, 2`,
        [from, to, q.fastApprovalMs],
      );
      const events = await query(
        `select e.type, e.at, e.actor, e.data->>'reason' as reason, e.action_id,
                coalesce(ag.name, e.data->>'agentId', '?') as agent
           from audit_events e
           left join actions a on e.type = 'action.retracted' and a.id = e.action_id
           left join agents ag on ag.id = coalesce(a.agent_id, e.data->>'agentId')
          where e.type in ('agent.paused', 'agent.resumed', 'action.retracted')
            and e.at >= $1::timestamptz and e.at < $2::timestamptz
          order by e.at, e.seq`,
        [from, to],
      );
      const daily = await query(
        `select to_char(a.created_at at time zone $3, 'YYYY-MM-DD') as date, ${PRIMARY_CATEGORY} as category,
                count(*)::int as n
           from actions a
          where a.decision = 'hold' and a.created_at >= $1::timestamptz and a.created_at < $2::timestamptz
          group by 1, 2`,
        [from, to, q.timeZone],
      );
      const d = decisions[0] ?? {};
      return {
        cells: cells
          .filter((r) => r['current'] === true)
          .map((r) => ({
            category: str(r['category']),
            agent: str(r['agent']),
            channel: strOrNull(r['channel']),
            platform: str(r['platform']),
            outcome: str(r['outcome']) as OutcomeKey,
            n: num(r['n']),
          })),
        previous: cells
          .filter((r) => r['current'] !== true)
          .map((r) => ({ outcome: str(r['outcome']) as OutcomeKey, n: num(r['n']) })),
        decisions: {
          decided: num(d['decided']),
          medianMs: numOrNull(d['median']),
          p90Ms: numOrNull(d['p90']),
          previousMedianMs: numOrNull(d['previous_median']),
        },
        oldestPending: pending.map((r) => ({
          actionId: str(r['id']),
          agent: str(r['agent']),
          platform: str(r['platform']),
          channel: strOrNull(r['channel']),
          kind: str(r['kind']),
          category: str(r['category']),
          reasons: ((r['reasons'] ?? []) as Array<{ code?: string }>).map((x) => String(x.code ?? '')),
          heldAt: date(r['created_at']),
        })),
        patterns: patterns.map((r) => ({
          agent: str(r['agent']),
          kind: str(r['kind']),
          code: str(r['code']),
          request: strOrNull(r['request']),
          n: num(r['n']),
        })),
        reviewers: reviewers.map((r) => ({
          reviewerId: str(r['reviewer_id']),
          name: str(r['name']),
          decisions: num(r['decisions']),
          approvals: num(r['approvals']),
          edits: num(r['edits']),
          rejections: num(r['rejections']),
          fast: num(r['fast']),
          medianMs: numOrNull(r['median']),
        })),
        agentEvents: events
          .filter((r) => r['type'] !== 'action.retracted')
          .map((r) => ({
            type: r['type'] === 'agent.paused' ? ('paused' as const) : ('resumed' as const),
            agent: str(r['agent']),
            at: date(r['at']),
            actor: str(r['actor']),
            reason: strOrNull(r['reason']),
          })),
        retractions: events
          .filter((r) => r['type'] === 'action.retracted')
          .map((r) => ({
            actionId: str(r['action_id']),
            agent: str(r['agent']),
            at: date(r['at']),
            actor: str(r['actor']),
            reason: strOrNull(r['reason']),
          })),
        daily: daily.map((r) => ({ date: str(r['date']), category: str(r['category']), n: num(r['n']) })),
      };
    },
  };
}

export function createDigestRuns(query: Query): DigestRuns {
  return {
    claim: async (target, periodStart, periodEnd, at) => {
      const rows = await query(
        `insert into digest_runs (target, period_start, period_end, claimed_at)
         values ($1, $2::timestamptz, $3::timestamptz, $4::timestamptz)
         on conflict do nothing returning target`,
        [target, periodStart.toISOString(), periodEnd.toISOString(), at.toISOString()],
      );
      if (rows.length === 1) return true;
      // A post that failed is claimed again after a pause (its claim row keeps the error).
      const retry = await query(
        `update digest_runs set claimed_at = $3::timestamptz, error = null
          where target = $1 and period_start = $2::timestamptz and posted_at is null and error is not null
            and claimed_at < $3::timestamptz - interval '5 minutes'
          returning target`,
        [target, periodStart.toISOString(), at.toISOString()],
      );
      return retry.length === 1;
    },
    finish: async (target, periodStart, { ref, error, at }) => {
      await query(
        `update digest_runs set posted_at = case when $4::text is null then $5::timestamptz end,
                ref = $3::jsonb, error = $4
          where target = $1 and period_start = $2::timestamptz`,
        [target, periodStart.toISOString(), JSON.stringify(ref ?? null), error, at.toISOString()],
      );
    },
    last: async (target) => {
      // The last period actually posted: a failed one stays due and is claimed again after the pause.
      const rows = await query(
        'select max(period_start) as last from digest_runs where target = $1 and posted_at is not null',
        [target],
      );
      const v = rows[0]?.['last'];
      return v === null || v === undefined ? null : date(v);
    },
  };
}
