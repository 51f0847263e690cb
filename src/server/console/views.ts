// The console's list pages as HTML: the queue of held actions (what a review card shows), the requester
// notices as the local platform shows them, and the admin page. Everything escaped; forms carry the CSRF
// token. Data comes in already read; these functions only render.
import type { Agent, Reviewer } from '../../governance/model.ts';
import type { ReviewCard } from '../../governance/ports.ts';
import type { LocalMessage } from '../../platforms/local/index.ts';
import { esc, highlight } from './html.ts';

const PREVIEW = 400;

const target = (a: ReviewCard['action']) =>
  a.kind === 'dm'
    ? `DM to ${a.recipient ?? '?'}`
    : `${a.kind} in #${a.channel ?? a.change?.target ?? '?'}${a.thread ? ` (thread ${a.thread})` : ''}`;

const when = (d: Date | null | undefined) =>
  d
    ? `<time datetime="${esc(d.toISOString())}">${esc(d.toISOString().replace('T', ' ').slice(0, 16))} UTC</time>`
    : '';

/** One row per held action: request, agent, target, preview with marked spans, reasons, tally, expiry. */
export function queueTable(cards: ReviewCard[]): string {
  if (!cards.length) return '<p>Nothing is held.</p>';
  const rows = cards
    .map((c) => {
      const a = c.action;
      const spans = c.reasons.flatMap((r) => (r.span ? [r.span] : [])).filter((s) => s[1] <= PREVIEW);
      const more = a.text.length > PREVIEW ? '…' : '';
      const request = c.request
        ? `<q>${esc(c.request.text)}</q><br><small>${esc(c.request.requester.name ?? c.request.requester.id)} on ${esc(c.request.platform)}</small>`
        : '<em>no request: unrequested</em>';
      const names = c.tally.map((t) => t.reviewerName).join(', ');
      return `<tr>
<td><a href="/console/actions/${esc(a.id)}">${esc(a.id)}</a></td>
<td>${request}</td>
<td>${esc(c.agent.name)}${c.agent.pausedAt ? ' <strong>(paused)</strong>' : ''}</td>
<td>${esc(a.platform)}: ${esc(target(a))}</td>
<td>${highlight(a.text.slice(0, PREVIEW), spans)}${more}</td>
<td><ul>${c.reasons.map((r) => `<li>${esc(r.category)}: ${esc(r.message)}</li>`).join('')}</ul></td>
<td>${c.tally.length} of ${c.required.count} <small>(group ${esc(c.required.group)})</small>${names ? `<br><small>${esc(names)}</small>` : ''}</td>
<td>${when(c.expiresAt)}</td></tr>`;
    })
    .join('');
  return `<table><caption>${cards.length} held, oldest first</caption><thead><tr><th scope="col">Action</th><th scope="col">Request</th><th scope="col">Agent</th><th scope="col">Target</th><th scope="col">Preview</th><th scope="col">Reasons</th><th scope="col">Approvals</th><th scope="col">Expires</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Requester notices exactly as the local platform shows them (the text the requester reads). */
export function noticesList(notices: LocalMessage[]): string {
  if (!notices.length) return '<p>No requester notices yet.</p>';
  return `<ul class="plain">${notices
    .map(
      (n) => `<li><article aria-label="Notice to ${esc(n.recipient ?? '?')}">
<p><strong>To ${esc(n.recipient ?? '?')}</strong> in ${esc(n.channel ?? '?')}${n.thread ? ` (thread ${esc(n.thread)})` : ''} · ${when(n.updatedAt)}${n.actionId ? ` · <a href="/console/actions/${esc(n.actionId)}">${esc(n.actionId)}</a>` : ''}</p>
<pre>${esc(n.text)}</pre></article></li>`,
    )
    .join('')}</ul>`;
}

const csrfField = (csrf: string) => `<input type="hidden" name="csrf" value="${esc(csrf)}">`;

/** Agents (with pause and resume) and reviewers, for admins. */
export function adminPage(agents: Agent[], reviewers: Reviewer[], csrf: string): string {
  const agentRows = agents
    .map((a) => {
      const state = a.revokedAt ? 'revoked' : a.pausedAt ? 'paused' : 'active';
      const base = `/console/admin/agents/${encodeURIComponent(a.name)}`;
      const control = a.revokedAt
        ? ''
        : a.pausedAt
          ? `<form method="post" action="${esc(base)}/resume">${csrfField(csrf)}<button type="submit">Resume ${esc(a.name)}</button></form>`
          : `<form method="post" action="${esc(base)}/pause">${csrfField(csrf)}<label for="pause-${esc(a.id)}">Reason for pausing ${esc(a.name)}</label>
<input id="pause-${esc(a.id)}" name="reason" type="text"><button type="submit">Pause ${esc(a.name)}</button></form>`;
      return `<tr><td>${esc(a.name)}</td><td><code>${esc(a.id)}</code></td><td>${esc(state)}${a.pausedAt ? `<br><small>since ${when(a.pausedAt)}${a.pauseReason ? `: ${esc(a.pauseReason)}` : ''}</small>` : ''}</td>
<td>${esc(
        Object.entries(a.identities)
          .map(([p, id]) => `${p}=${id}`)
          .join(', '),
      )}</td><td>${control}</td></tr>`;
    })
    .join('');
  const reviewerRows = reviewers
    .map(
      (r) =>
        `<tr><td>${esc(r.name)}</td><td>${esc(r.groups.join(', '))}</td><td>${r.revokedAt ? 'revoked' : 'active'}</td><td>${esc(
          Object.entries(r.identities)
            .map(([p, id]) => `${p}=${id}`)
            .join(', '),
        )}</td></tr>`,
    )
    .join('');
  return `<h2>Agents</h2>
<p>Pausing an agent holds every action of it from now on, approved-but-unpublished ones included, until it is resumed.</p>
<table><thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">State</th><th scope="col">Identities</th><th scope="col">Kill switch</th></tr></thead><tbody>${agentRows || '<tr><td colspan="5">No agents.</td></tr>'}</tbody></table>
<h2>Reviewers</h2>
<table><thead><tr><th scope="col">Name</th><th scope="col">Groups</th><th scope="col">State</th><th scope="col">Identities</th></tr></thead><tbody>${reviewerRows || '<tr><td colspan="4">No reviewers.</td></tr>'}</tbody></table>
<p>Add or revoke identities with <code>airlock agents</code> and <code>airlock reviewers</code> (or <code>POST /v1/agents</code>, <code>/v1/reviewers</code>).</p>`;
}
