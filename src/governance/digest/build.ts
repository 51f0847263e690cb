// Shapes the store's aggregates into the Digest. Pure: the same figures give the same digest.
import { CHANGE_VERBS, REPORT_VERBS, RESPOND_VERBS, stem } from '../scope/lexicon.ts';
import type { DigestFigures, OutcomeCell } from './figures.ts';
import {
  type BreakdownRow,
  type Delta,
  type Digest,
  HELD_OUTCOMES,
  OUTCOME_KEYS,
  type OutcomeKey,
  type Outcomes,
  type Pattern,
  type ReviewerStats,
} from './types.ts';
import { localDates } from './period.ts';

export interface BuildOptions {
  from: Date;
  to: Date;
  previousFrom: Date;
  timeZone: string;
  now: Date;
  /** Airlock's public URL; links point into its console. */
  baseUrl: string;
  fastApprovalMs: number;
  /** Patterns kept per agent. */
  patternsPerAgent?: number;
  /** `approves_everything` needs at least this many decisions, all approvals. */
  approveAllMin?: number;
  /** `fast_approvals` warns from this many fast approvals. */
  fastMin?: number;
}

const HELD = new Set<OutcomeKey>(HELD_OUTCOMES);

export const emptyOutcomes = (): Outcomes => Object.fromEntries(OUTCOME_KEYS.map((k) => [k, 0])) as Outcomes;

export const heldOf = (o: Outcomes): number => HELD_OUTCOMES.reduce((n, k) => n + o[k], 0);

function breakdown(cells: OutcomeCell[], keyOf: (c: OutcomeCell) => string): BreakdownRow[] {
  const rows = new Map<string, Outcomes>();
  for (const c of cells) {
    const key = keyOf(c);
    const o = rows.get(key) ?? emptyOutcomes();
    rows.set(key, o);
    o[c.outcome] += c.n;
  }
  return [...rows]
    .map(([key, outcomes]) => ({ key, held: heldOf(outcomes), outcomes }))
    .sort((a, b) => b.held - a.held || total(b.outcomes) - total(a.outcomes) || a.key.localeCompare(b.key));
}

const total = (o: Outcomes): number => OUTCOME_KEYS.reduce((n, k) => n + o[k], 0);

export function delta(current: number, previous: number): Delta {
  return {
    current,
    previous,
    change: current - previous,
    percent: previous === 0 ? null : Math.round(((current - previous) / previous) * 100),
  };
}

const ALL_VERBS = [REPORT_VERBS, RESPOND_VERBS, CHANGE_VERBS];
const FILLER = new Set([
  'please',
  'pls',
  'can',
  'could',
  'would',
  'you',
  'hey',
  'hi',
  'and',
  'then',
  'just',
  'quickly',
]);

/** The request's lead verb ("analyze" in "@helper-bot please analyze the flaky tests"), if any. */
export function leadVerb(request: string | null): string | null {
  if (!request) return null;
  const words = request
    .toLowerCase()
    .replace(/<[^>]*>|@[\w.-]+/g, ' ')
    .split(/[^a-z']+/)
    .filter(Boolean)
    .slice(0, 12);
  for (const w of words) {
    if (FILLER.has(w)) continue;
    const s = stem(w);
    if (ALL_VERBS.some((set) => set.has(s))) return w;
  }
  return null;
}

const KIND_PHRASE: Record<string, string> = {
  post: 'posted in a channel',
  reply: 'replied in threads',
  dm: 'sent direct messages',
  config_change: 'changed configuration',
};

export function patternText(p: Omit<Pattern, 'text'>): string {
  const did = KIND_PHRASE[p.kind] ?? `took ${p.kind} actions`;
  const when = p.verb ? ` when asked to ${p.verb}` : p.code === 'scope.no_request' ? ' with no request' : '';
  return `${p.agent} ${did}${when}: ${p.count} ${p.count === 1 ? 'time' : 'times'}`;
}

function patterns(f: DigestFigures, perAgent: number): Pattern[] {
  const groups = new Map<string, Omit<Pattern, 'text'>>();
  for (const g of f.patterns) {
    const verb = leadVerb(g.request);
    const key = JSON.stringify([g.agent, g.kind, verb, g.code]);
    const p = groups.get(key);
    if (p) p.count += g.n;
    else groups.set(key, { agent: g.agent, kind: g.kind, verb, code: g.code, count: g.n });
  }
  const byAgent = new Map<string, Array<Omit<Pattern, 'text'>>>();
  for (const p of groups.values()) byAgent.set(p.agent, [...(byAgent.get(p.agent) ?? []), p]);
  const out: Pattern[] = [];
  for (const list of byAgent.values()) {
    list.sort(
      (a, b) =>
        b.count - a.count || `${a.kind}${a.verb}${a.code}`.localeCompare(`${b.kind}${b.verb}${b.code}`),
    );
    for (const p of list.slice(0, perAgent)) out.push({ ...p, text: patternText(p) });
  }
  return out.sort(
    (a, b) => b.count - a.count || a.agent.localeCompare(b.agent) || a.text.localeCompare(b.text),
  );
}

function reviewers(
  f: DigestFigures,
  o: Required<Pick<BuildOptions, 'fastApprovalMs' | 'approveAllMin' | 'fastMin'>>,
): ReviewerStats[] {
  const secs = Math.round(o.fastApprovalMs / 1000);
  return f.reviewers
    .map((r) => {
      const warnings: ReviewerStats['warnings'] = [];
      if (r.fast >= o.fastMin) {
        warnings.push({
          code: 'fast_approvals',
          message: `${r.name} approved ${r.fast} ${r.fast === 1 ? 'hold' : 'holds'} within ${secs} s of the hold`,
        });
      }
      if (r.decisions >= o.approveAllMin && r.rejections === 0) {
        warnings.push({
          code: 'approves_everything',
          message: `${r.name} approved every one of ${r.decisions} holds`,
        });
      }
      return {
        reviewer_id: r.reviewerId,
        name: r.name,
        decisions: r.decisions,
        approvals: r.approvals,
        edits: r.edits,
        rejections: r.rejections,
        fast_approvals: r.fast,
        median_ms: r.medianMs === null ? null : Math.round(r.medianMs),
        warnings,
      };
    })
    .sort((a, b) => b.decisions - a.decisions || a.name.localeCompare(b.name));
}

const round = (n: number | null): number | null => (n === null ? null : Math.round(n));

export function buildDigest(f: DigestFigures, o: BuildOptions): Digest {
  const outcomes = emptyOutcomes();
  for (const c of f.cells) outcomes[c.outcome] += c.n;
  const previous = emptyOutcomes();
  for (const c of f.previous) previous[c.outcome] += c.n;
  const held = heldOf(outcomes);

  const days = new Map(localDates(o.from, o.to, o.timeZone).map((d) => [d, new Map<string, number>()]));
  for (const d of f.daily) {
    const m = days.get(d.date);
    if (m) m.set(d.category, (m.get(d.category) ?? 0) + d.n);
  }
  const base = o.baseUrl.replace(/\/+$/, '');
  const iso = (d: Date) => d.toISOString();
  return {
    version: 1,
    generated_at: iso(o.now),
    period: { from: iso(o.from), to: iso(o.to), time_zone: o.timeZone },
    previous_period: { from: iso(o.previousFrom), to: iso(o.from) },
    held,
    total: total(outcomes),
    outcomes,
    change: {
      held: delta(held, heldOf(previous)),
      outcomes: Object.fromEntries(OUTCOME_KEYS.map((k) => [k, delta(outcomes[k], previous[k])])),
    },
    by_category: breakdown(
      f.cells.filter((c) => HELD.has(c.outcome)),
      (c) => c.category,
    ),
    by_agent: breakdown(f.cells, (c) => c.agent),
    by_channel: breakdown(f.cells, (c) => c.channel ?? '(none)'),
    by_platform: breakdown(f.cells, (c) => c.platform),
    time_to_decision: {
      decided: f.decisions.decided,
      median_ms: round(f.decisions.medianMs),
      p90_ms: round(f.decisions.p90Ms),
      previous_median_ms: round(f.decisions.previousMedianMs),
    },
    oldest_pending: f.oldestPending.map((p) => ({
      action_id: p.actionId,
      agent: p.agent,
      platform: p.platform,
      channel: p.channel,
      kind: p.kind,
      category: p.category,
      reasons: p.reasons,
      held_at: iso(p.heldAt),
      age_ms: Math.max(0, o.now.getTime() - p.heldAt.getTime()),
      url: `${base}/console/actions/${encodeURIComponent(p.actionId)}`,
    })),
    patterns: patterns(f, o.patternsPerAgent ?? 3),
    reviewers: reviewers(f, {
      fastApprovalMs: o.fastApprovalMs,
      approveAllMin: o.approveAllMin ?? 10,
      fastMin: o.fastMin ?? 1,
    }),
    fast_approval_ms: o.fastApprovalMs,
    pauses: f.agentEvents.map((e) => ({
      type: e.type,
      agent: e.agent,
      at: iso(e.at),
      actor: e.actor,
      reason: e.reason,
    })),
    retractions: f.retractions.map((r) => ({
      action_id: r.actionId,
      agent: r.agent,
      at: iso(r.at),
      actor: r.actor,
      reason: r.reason,
    })),
    daily: [...days].map(([date, m]) => {
      const categories = Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
      return { date, categories, total: [...m.values()].reduce((a, b) => a + b, 0) };
    }),
    url: `${base}/console/digest?from=${encodeURIComponent(iso(o.from))}&to=${encodeURIComponent(iso(o.to))}`,
  };
}
