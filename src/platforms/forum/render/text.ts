// Text helpers shared by the forum renderers: Discourse's limits, Markdown quoting, how an action's text
// becomes a topic (first line the title, the rest the body), and the provenance line every post carries.
import type { Action, Reason } from '../../../governance/model.ts';

export const LIMITS = { title: 255, raw: 32_000 } as const;

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** A topic's title and body from the action's text: the first non-empty line (without `#`) and the rest. */
export function topicOf(text: string): { title: string; body: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { title: 'Untitled', body: text };
  const title = clip(lines[first]!.replace(/^\s*#+\s*/, '').trim() || 'Untitled', LIMITS.title);
  const rest = lines
    .slice(first + 1)
    .join('\n')
    .trim();
  return { title, body: rest || text.trim() };
}

/** `123` or `123/4`: a topic, optionally the post number replied to. */
export function threadOf(thread: string | null): { topicId: number; postNumber: number | null } | null {
  const m = /^(\d{1,15})(?:\/(\d{1,9}))?$/.exec(thread ?? '');
  if (!m) return null;
  return { topicId: Number(m[1]), postNumber: m[2] ? Number(m[2]) : null };
}

/** Where the action goes, in words a reviewer reads. */
export function targetOf(a: Pick<Action, 'kind' | 'channel' | 'thread' | 'recipient' | 'change'>): string {
  if (a.kind === 'dm')
    return a.recipient ? `send a private message to @${a.recipient}` : 'send a private message';
  if (a.kind === 'config_change')
    return `change configuration: ${a.change?.system ?? '?'} ${a.change?.operation ?? ''} ${a.change?.target ?? ''}`.trim();
  if (a.kind === 'reply') {
    const t = threadOf(a.thread);
    return t
      ? `reply in topic ${t.topicId}${t.postNumber ? ` (to post #${t.postNumber})` : ''}`
      : `reply in topic ${a.thread ?? '?'}`;
  }
  return `open a topic in category ${a.channel ?? '?'}`;
}

/** The action id as the forum shows it in the provenance line; a retry looks for exactly this. */
export const refMark = (actionId: string) => `Airlock ref ${actionId}`;

/** The quiet provenance line under every post Airlock makes for an agent. */
export function provenanceLine(actionId: string, agentName: string | null, approvedBy: string[]): string {
  const who = approvedBy.length > 0 ? `approved by ${approvedBy.join(', ')}` : 'within the request';
  const agent = agentName ? `posted by agent ${agentName} via Airlock` : 'posted via Airlock';
  return `<small>${escapeInline(`${agent} · ${who}`)} · ${refMark(actionId)}</small>`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the rendered post (cooked HTML or raw) carries the provenance mark of `actionId`. */
export function carriesAction(content: string, actionId: string): boolean {
  return new RegExp(`${escapeRe(refMark(actionId))}(?![A-Za-z0-9_-])`).test(content);
}

/** Neutralizes Markdown and HTML in a short inline value (names, reasons). */
export function escapeInline(s: string): string {
  return s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!).replace(/\s+/g, ' ');
}

/** A fenced block no quoted text can break out of: the fence is longer than any backtick run inside. */
export function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** The text with each reason's span marked `⟦like this⟧`. */
export function markSpans(text: string, reasons: ReadonlyArray<Reason>): string {
  const spans = reasons
    .map((r) => r.span)
    .filter((s): s is [number, number] => Array.isArray(s) && s[1] > s[0])
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    out += `${text.slice(at, start)}⟦${text.slice(start, end)}⟧`;
    at = end;
  }
  return out + text.slice(at);
}
