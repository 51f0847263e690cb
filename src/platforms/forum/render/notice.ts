// The requester's notice, a private message from Airlock's forum user: what the agent wants to do and why it
// waits; edited in place when the hold ends.
import type { RequesterNotice } from '../../platform.ts';
import { clip, escapeInline, fenced, LIMITS, targetOf } from './text.ts';

const HEADLINE: Record<RequesterNotice['event'], string> = {
  held: 'wants to post, and waits for a reviewer',
  published: 'posted',
  rejected: 'was stopped by a reviewer',
  expired: 'was not reviewed in time; nothing was posted',
  failed: 'could not be delivered',
  blocked: 'was blocked (it contained something that must never be posted)',
  withdrawn: 'was withdrawn by the agent',
  retracted: 'was deleted again',
  paused: 'is paused',
};

export function noticeTitle(n: RequesterNotice): string {
  return clip(`Airlock: what ${n.agent.name} wants to post for you [${n.action.id}]`, LIMITS.title);
}

export function renderNotice(n: RequesterNotice): string {
  const lines = [
    `**${escapeInline(n.agent.name)}** ${HEADLINE[n.event]}.`,
    '',
    `You asked: “${escapeInline(clip(n.request.text, 500))}”`,
    '',
    `It wants to ${escapeInline(targetOf(n.action))}:`,
    '',
    fenced(clip(n.action.text, 4000)),
    '',
  ];
  if (n.event === 'held' && n.why.length > 0) {
    lines.push('**Why it waits:**');
    for (const w of n.why) lines.push(`- ${escapeInline(w)}`);
    lines.push('');
  }
  if (n.outcome?.reason) lines.push(`**Reason:** ${escapeInline(n.outcome.reason)}`, '');
  if (n.canRelease || n.canDiscard)
    lines.push(
      `Reply to this message with ${[n.canRelease ? '`let it post`' : null, n.canDiscard ? '`discard`' : null]
        .filter(Boolean)
        .join(' or ')}.`,
      '',
    );
  lines.push(`<small>Airlock · ${n.action.id}</small>`);
  return lines.join('\n');
}
