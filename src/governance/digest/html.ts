// The digest as one HTML document for the console and e-mail: inline styles only (mail clients drop
// <style>), tables for layout, the chart embedded as a data: URI (PNG for mail, or the SVG inline).
import { formatDelta, formatDuration, OUTCOME_LABELS, periodLabel } from './markdown.ts';
import type { BreakdownRow, Digest } from './types.ts';

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const TD = 'style="padding:4px 8px;border-bottom:1px solid #eee;text-align:right"';
const TDL = 'style="padding:4px 8px;border-bottom:1px solid #eee;text-align:left"';
const TH = 'style="padding:4px 8px;border-bottom:2px solid #ccc;text-align:right;font-weight:600"';
const THL = 'style="padding:4px 8px;border-bottom:2px solid #ccc;text-align:left;font-weight:600"';
const TABLE = 'style="border-collapse:collapse;font-size:14px;margin:0 0 16px 0"';
const H2 = 'style="font-size:18px;margin:24px 0 8px 0"';

function table(head: string[], rows: string[][]): string {
  const th = head.map((h, i) => `<th ${i ? TH : THL}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td ${i ? TD : TDL}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table role="presentation" ${TABLE}><tr>${th}</tr>\n${body}</table>`;
}

function breakdown(title: string, rows: BreakdownRow[]): string {
  if (!rows.length) return '';
  return `<h3 style="font-size:15px;margin:16px 0 6px 0">${esc(title)}</h3>\n${table(
    ['', 'Held', 'Approved', 'Rejected', 'Pending', 'Other', 'Published at once', 'Blocked'],
    rows.slice(0, 10).map((r) => {
      const o = r.outcomes;
      return [
        esc(r.key),
        String(r.held),
        String(o.approved + o.edited_approved + o.redacted + o.released),
        String(o.rejected),
        String(o.pending),
        String(o.expired + o.withdrawn),
        String(o.auto_published),
        String(o.blocked),
      ];
    }),
  )}`;
}

export interface HtmlOptions {
  /** The chart: PNG bytes (embedded as a data: URI, what mail clients show) or, failing that, SVG text. */
  chart?:
    | { png?: Uint8Array | undefined; svg?: string | undefined; width: number; height: number }
    | undefined;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function renderHtml(d: Digest, opts: HtmlOptions = {}): string {
  const parts: string[] = [];
  parts.push(
    `<h1 style="font-size:22px;margin:0 0 4px 0">Airlock digest: ${d.held} held</h1>`,
    `<p style="color:#555;margin:0 0 16px 0">${esc(periodLabel(d))} · <a href="${esc(d.url)}" style="color:#0b61a4">Open in the console</a></p>`,
  );
  const c = opts.chart;
  if (c?.png) {
    parts.push(
      `<img src="data:image/png;base64,${base64(c.png)}" width="${c.width}" height="${c.height}" alt="Held actions per day by category" style="display:block;max-width:100%;height:auto;margin:0 0 16px 0">`,
    );
  } else if (c?.svg) {
    parts.push(`<div style="margin:0 0 16px 0">${c.svg}</div>`);
  }
  parts.push(
    `<p style="margin:0 0 12px 0"><strong>${d.held}</strong> held (${esc(formatDelta(d.change.held))} against the previous period) of ${d.total} actions.</p>`,
    table(
      ['Outcome', 'Count', 'Change'],
      OUTCOME_LABELS.map(([k, label]) => {
        const delta = d.change.outcomes[k];
        return [esc(label), String(d.outcomes[k]), delta ? esc(formatDelta(delta)) : ''];
      }),
    ),
  );
  const t = d.time_to_decision;
  parts.push(
    `<p style="margin:0 0 12px 0"><strong>Time to decision:</strong> median ${esc(formatDuration(t.median_ms))}, p90 ${esc(formatDuration(t.p90_ms))} over ${t.decided} decisions${t.previous_median_ms !== null ? ` (previous median ${esc(formatDuration(t.previous_median_ms))})` : ''}.</p>`,
  );
  if (d.oldest_pending.length) {
    parts.push(
      `<h2 ${H2}>Oldest pending holds</h2>`,
      table(
        ['Action', 'Agent', 'Where', 'Category', 'Reasons', 'Waiting'],
        d.oldest_pending.map((p) => [
          `<a href="${esc(p.url)}" style="color:#0b61a4">${esc(p.action_id)}</a>`,
          esc(p.agent),
          esc(`${p.kind}${p.channel ? ` in ${p.channel}` : ''} on ${p.platform}`),
          esc(p.category),
          esc(p.reasons.join(', ')),
          esc(formatDuration(p.age_ms)),
        ]),
      ),
    );
  }
  if (d.patterns.length) {
    parts.push(
      `<h2 ${H2}>Unrequested actions</h2>`,
      `<ul style="margin:0 0 16px 0;padding-left:20px">${d.patterns.map((p) => `<li>${esc(p.text)} <code style="color:#666">${esc(p.code)}</code></li>`).join('')}</ul>`,
    );
  }
  parts.push(
    `<h2 ${H2}>Breakdown</h2>`,
    breakdown('By category', d.by_category),
    breakdown('By agent', d.by_agent),
    breakdown('By channel', d.by_channel),
    breakdown('By platform', d.by_platform),
  );
  if (d.reviewers.length) {
    parts.push(
      `<h2 ${H2}>Reviewers</h2>`,
      table(
        ['Reviewer', 'Decisions', 'Approved', 'Edited', 'Rejected', 'Median time', 'Fast approvals'],
        d.reviewers.map((r) => [
          esc(r.name),
          String(r.decisions),
          String(r.approvals),
          String(r.edits),
          String(r.rejections),
          esc(formatDuration(r.median_ms)),
          String(r.fast_approvals),
        ]),
      ),
    );
    for (const w of d.reviewers.flatMap((r) => r.warnings)) {
      parts.push(
        `<p style="margin:0 0 8px 0;padding:6px 10px;background:#fff4e5;border-left:4px solid #e69f00">⚠️ ${esc(w.message)}</p>`,
      );
    }
  }
  if (d.pauses.length || d.retractions.length) {
    const items = [
      ...d.pauses.map(
        (e) =>
          `${e.at.slice(0, 16).replace('T', ' ')} UTC: ${e.agent} ${e.type} by ${e.actor}${e.reason ? `: ${e.reason}` : ''}`,
      ),
      ...d.retractions.map(
        (r) =>
          `${r.at.slice(0, 16).replace('T', ' ')} UTC: ${r.action_id} by ${r.agent} retracted by ${r.actor}${r.reason ? `: ${r.reason}` : ''}`,
      ),
    ];
    parts.push(
      `<h2 ${H2}>Pauses and retractions</h2>`,
      `<ul style="margin:0 0 16px 0;padding-left:20px">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`,
    );
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Airlock digest: ${d.held} held</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;color:#222;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">',
    '<div style="max-width:760px;margin:0 auto">',
    ...parts.filter(Boolean),
    '</div></body></html>',
    '',
  ].join('\n');
}
