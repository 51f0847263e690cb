// The review post in a private review topic (a forum has no buttons): what the agent wants to post, why it
// waits, the tally, the exact content hash it shows, and how to answer. Reviewers decide by replying
// `approve`, `reject: reason` or `edit:` and the new text. A reply is bound to the content of the review post
// it answers; when the content changes, that post is edited to say so and a new review post follows.
import type { ReviewCard } from '../../platform.ts';
import { clip, escapeInline, fenced, LIMITS, markSpans, targetOf } from './text.ts';

/** The short form of a content hash the review post shows (the full hash is kept with the card's ref). */
export const shortHash = (hash: string) => hash.slice(0, 16);

export function reviewTitle(card: ReviewCard): string {
  const what = clip(`Review: ${card.agent.name} wants to ${targetOf(card.action)}`, LIMITS.title - 40);
  return `${what} [${card.action.id}]`;
}

/** The action id in a review topic's title, e.g. `[act_123]`. */
export function actionIdInTitle(title: string): string | null {
  return /\[(act_[A-Za-z0-9_-]{1,100})\]\s*$/.exec(title)?.[1] ?? null;
}

function outcomeLine(card: ReviewCard): string | null {
  const o = card.outcome;
  if (!o) return card.action.status === 'held' ? null : `**Status:** ${card.action.status}`;
  const by = o.by.name ?? (o.by.kind === 'system' ? 'Airlock' : o.by.kind);
  return `**Outcome:** ${o.status} by ${escapeInline(by)}${o.edited ? ' (edited first)' : ''} at ${o.at.toISOString()}${
    o.reason ? `: ${escapeInline(clip(o.reason, 300))}` : ''
  }`;
}

export function renderReviewPost(
  card: ReviewCard,
  opts: { forumUser: (id: string) => string | null },
): string {
  const { action, request, agent } = card;
  const pending = !card.outcome && action.status === 'held';
  const lines: string[] = [];
  lines.push(`**${escapeInline(agent.name)}** wants to ${escapeInline(targetOf(action))}.`, '');
  lines.push(
    request
      ? `**Request:** ${escapeInline(request.requester.name ?? request.requester.id)} (${request.platform}) asked: “${escapeInline(clip(request.text, 500))}”`
      : '**Request:** none recorded (the agent acted on its own).',
    '',
  );
  if (card.reasons.length > 0) {
    lines.push('**Held because:**');
    for (const r of card.reasons)
      lines.push(`- \`${r.code}\` ${escapeInline(r.message)}${r.span ? ' (marked ⟦ ⟧)' : ''}`);
    lines.push('');
  }
  lines.push(`**Text** (content \`${shortHash(card.contentHash)}\`):`, '');
  lines.push(fenced(clip(markSpans(action.text, card.reasons), LIMITS.raw - 3000)), '');
  lines.push(
    `**Approvals:** ${card.tally.length}/${card.required.count} (${card.required.group})${
      card.tally.length ? `: ${card.tally.map((t) => escapeInline(t.reviewerName)).join(', ')}` : ''
    }`,
  );
  if (card.expiresAt && pending) lines.push(`**Expires:** ${card.expiresAt.toISOString()}`);
  const outcome = outcomeLine(card);
  if (outcome) lines.push(outcome);
  lines.push('');
  if (pending) {
    const who = card.eligible.flatMap((r) => {
      const u = opts.forumUser(r.identities['forum'] ?? '');
      return u ? [`@${u}`] : [];
    });
    lines.push(
      'Reply to this post with one line:',
      '- `approve`',
      '- `reject: why` (the requester sees why)',
      '- `edit:` followed by the text to publish instead (judged again before it counts)',
      '',
    );
    if (who.length) lines.push(`Reviewers: ${who.join(' ')}`, '');
  }
  lines.push(`<small>Airlock · ${action.id} · content ${shortHash(card.contentHash)}</small>`);
  return lines.join('\n');
}

/** What an older review post becomes once the content it shows was changed. */
export function renderSuperseded(previous: string, nextPostNumber: number): string {
  return [
    `**Superseded:** the text changed after this post; the current version is in post #${nextPostNumber} below. Replies to this post are refused.`,
    '',
    '---',
    '',
    previous
      .split('\n')
      .filter((l) => !l.startsWith('Reply to this post') && !/^- `(approve|reject|edit)/.test(l))
      .join('\n'),
  ].join('\n');
}
