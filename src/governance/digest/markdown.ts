// The digest as Markdown (the CLI, the local platform) and as a forum topic (Markdown with a title and
// an embedded chart image).
import type { BreakdownRow, Delta, Digest } from './types.ts';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = ms / 3_600_000;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export const formatDelta = (d: Delta): string => {
  if (d.change === 0) return '±0';
  const sign = d.change > 0 ? '+' : '−';
  const pct =
    d.percent === null ? '' : ` (${d.percent > 0 ? '+' : d.percent < 0 ? '−' : ''}${Math.abs(d.percent)}%)`;
  return `${sign}${Math.abs(d.change)}${pct}`;
};

/** The period in the digest's zone, e.g. "2026-11-23 09:00 – 2026-11-30 09:00 (Europe/Paris)". */
export function periodLabel(d: Digest): string {
  const fmt = (iso: string) => {
    const f = new Intl.DateTimeFormat('en-CA', {
      timeZone: d.period.time_zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    return f.format(new Date(iso)).replace(',', '');
  };
  return `${fmt(d.period.from)} – ${fmt(d.period.to)} (${d.period.time_zone})`;
}

/** Plain-text cells: a pipe or newline would break a Markdown table. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

export const OUTCOME_LABELS: Array<[keyof Digest['outcomes'], string]> = [
  ['approved', 'Approved'],
  ['edited_approved', 'Edited, then approved'],
  ['redacted', 'Redacted, then approved'],
  ['rejected', 'Rejected'],
  ['expired', 'Expired'],
  ['withdrawn', 'Withdrawn'],
  ['released', 'Released by the requester'],
  ['pending', 'Still pending'],
  ['auto_published', 'Published at once (not held)'],
  ['blocked', 'Blocked'],
];

function breakdownTable(title: string, rows: BreakdownRow[], limit = 10): string[] {
  if (!rows.length) return [];
  const out = [
    `### ${title}`,
    '',
    '| | Held | Approved | Rejected | Pending | Other | Published at once | Blocked |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows.slice(0, limit)) {
    const o = r.outcomes;
    const approved = o.approved + o.edited_approved + o.redacted + o.released;
    const other = o.expired + o.withdrawn;
    out.push(
      `| ${cell(r.key)} | ${r.held} | ${approved} | ${o.rejected} | ${o.pending} | ${other} | ${o.auto_published} | ${o.blocked} |`,
    );
  }
  if (rows.length > limit) out.push(`| … ${rows.length - limit} more | | | | | | | |`);
  out.push('');
  return out;
}

export interface MarkdownOptions {
  /** Markdown image source for the chart (a forum upload URL or a data: URI); omitted when absent. */
  chartUrl?: string | undefined;
  /** Heading level-1 title line; default on. */
  title?: boolean;
}

export function renderMarkdown(d: Digest, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  if (opts.title !== false) out.push(`# Airlock digest: ${d.held} held`, '');
  out.push(`${periodLabel(d)}  `, `[Open in the console](${d.url})`, '');
  if (opts.chartUrl) out.push(`![Held actions per day by category](${opts.chartUrl})`, '');
  out.push(
    `**${d.held}** held (${formatDelta(d.change.held)} against the previous period) of ${d.total} actions.`,
    '',
    '| Outcome | Count | Change |',
    '|---|---:|---:|',
  );
  for (const [k, label] of OUTCOME_LABELS) {
    const delta = d.change.outcomes[k];
    out.push(`| ${label} | ${d.outcomes[k]} | ${delta ? formatDelta(delta) : ''} |`);
  }
  out.push('');
  const t = d.time_to_decision;
  out.push(
    `**Time to decision:** median ${formatDuration(t.median_ms)}, p90 ${formatDuration(t.p90_ms)} over ${t.decided} ${t.decided === 1 ? 'decision' : 'decisions'}` +
      (t.previous_median_ms !== null ? ` (previous median ${formatDuration(t.previous_median_ms)})` : '') +
      '.',
    '',
  );
  if (d.oldest_pending.length) {
    out.push('## Oldest pending holds', '');
    for (const p of d.oldest_pending) {
      const where = p.channel ? ` in ${cell(p.channel)}` : '';
      out.push(
        `- [${p.action_id}](${p.url}): ${cell(p.agent)} ${p.kind}${where} on ${p.platform}, ${p.category} (${p.reasons.map(cell).join(', ')}), waiting ${formatDuration(p.age_ms)}`,
      );
    }
    out.push('');
  }
  if (d.patterns.length) {
    out.push('## Unrequested actions', '');
    for (const p of d.patterns) out.push(`- ${cell(p.text)} (\`${p.code}\`)`);
    out.push('');
  }
  out.push('## Breakdown', '');
  out.push(...breakdownTable('By category', d.by_category));
  out.push(...breakdownTable('By agent', d.by_agent));
  out.push(...breakdownTable('By channel', d.by_channel));
  out.push(...breakdownTable('By platform', d.by_platform));
  if (d.reviewers.length) {
    out.push(
      '## Reviewers',
      '',
      '| Reviewer | Decisions | Approved | Edited | Rejected | Median time | Fast approvals |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of d.reviewers) {
      out.push(
        `| ${cell(r.name)} | ${r.decisions} | ${r.approvals} | ${r.edits} | ${r.rejections} | ${formatDuration(r.median_ms)} | ${r.fast_approvals} |`,
      );
    }
    out.push('');
    const warnings = d.reviewers.flatMap((r) => r.warnings);
    for (const w of warnings) out.push(`> ⚠️ ${cell(w.message)}`);
    if (warnings.length) out.push('');
  }
  if (d.pauses.length || d.retractions.length) {
    out.push('## Pauses and retractions', '');
    for (const e of d.pauses) {
      out.push(
        `- ${e.at.slice(0, 16).replace('T', ' ')} UTC: ${cell(e.agent)} ${e.type} by ${cell(e.actor)}${e.reason ? `: ${cell(e.reason)}` : ''}`,
      );
    }
    for (const r of d.retractions) {
      out.push(
        `- ${r.at.slice(0, 16).replace('T', ' ')} UTC: ${r.action_id} by ${cell(r.agent)} retracted by ${cell(r.actor)}${r.reason ? `: ${cell(r.reason)}` : ''}`,
      );
    }
    out.push('');
  }
  if (d.held === 0 && d.total === 0) out.push('_Nothing happened in this period._', '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** A forum topic: a title and a Markdown body (Discourse renders the chart from an uploaded image). */
export function renderForumTopic(d: Digest, chartUrl?: string): { title: string; body: string } {
  const from = d.period.from.slice(0, 10);
  const to = d.period.to.slice(0, 10);
  return {
    title: `Airlock digest ${from} to ${to}: ${d.held} held`,
    body: renderMarkdown(d, { chartUrl, title: false }),
  };
}
