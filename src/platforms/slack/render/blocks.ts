// Block Kit for everything Airlock posts: the published message, the review card, the requester notice,
// the modals and the App Home. Pure functions of the port's inputs; every text stays within Block Kit's
// limits (long texts are cut with a note).
import type { Action } from '../../../governance/model.ts';
import type { RequesterNotice, ReviewCard, ReviewOutcome } from '../../platform.ts';
import { chunks, esc, LIMITS, quoteWithSpans, truncate, when } from './text.ts';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON is open-ended; its shape is checked by Slack
export type Block = Record<string, any>;

export const ACTION_IDS = {
  approve: 'airlock_approve',
  reject: 'airlock_reject',
  edit: 'airlock_edit',
  redact: 'airlock_redact',
  pause: 'airlock_pause',
  release: 'airlock_release',
  discard: 'airlock_discard',
} as const;
export const VIEW_IDS = { reject: 'airlock_reject_modal', edit: 'airlock_edit_modal' } as const;

/** A button's value: the action id and the content hash it was shown for. */
export const buttonValue = (actionId: string, contentHash: string): string => `${actionId}|${contentHash}`;
export function parseButtonValue(v: string): { actionId: string; contentHash: string } | null {
  const [actionId, contentHash] = v.split('|');
  return actionId ? { actionId, contentHash: contentHash ?? '' } : null;
}

export const where = (a: Pick<Action, 'kind' | 'channel' | 'recipient' | 'thread' | 'change'>): string =>
  a.kind === 'dm'
    ? `a DM to <@${a.recipient}>`
    : a.kind === 'config_change'
      ? `a config suggestion for ${esc(a.change?.system ?? '?')} ${esc(a.change?.target ?? '')}`
      : `<#${a.channel}>${a.thread ? ' (in a thread)' : ''}`;

/** The published message: the agent's text, a suggestion marker for config changes, a quiet provenance line. */
export function renderPost(
  action: Action,
  agentName: string,
  approvedBy: string[],
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let text = action.text;
  if (action.kind === 'config_change' && action.change) {
    const c = action.change;
    const head = `:bulb: *Suggested change* (not applied): ${esc(c.system)} · ${esc(c.operation)}${c.target ? ` · ${esc(c.target)}` : ''}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(head, LIMITS.section) } });
    text = `Suggested change (not applied): ${c.system} ${c.operation} ${c.target ?? ''}\n${action.text}`;
  }
  for (const part of chunks(action.text, LIMITS.section).slice(0, LIMITS.blocks - 3)) {
    blocks.push({ type: 'section', text: { type: 'plain_text', text: part || ' ', emoji: false } });
  }
  // A held action that reached publishing was approved even when the caller did not say by whom.
  const who = approvedBy.length
    ? `approved by ${approvedBy.map(esc).join(', ')}`
    : action.decision.decision === 'publish'
      ? 'within what was asked'
      : 'approved by a reviewer';
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(`Written by ${esc(agentName)} (AI agent) · ${who} · via Airlock`, LIMITS.context),
      },
    ],
  });
  return { text, blocks };
}

const outcomeLine = (o: ReviewOutcome): string => {
  const who = o.by.name ?? o.by.kind;
  const verb: Record<string, string> = {
    published: 'Approved and published',
    approved: 'Approved',
    publishing: 'Approved, publishing',
    rejected: 'Rejected',
    expired: 'Expired',
    withdrawn: 'Withdrawn',
    failed: 'Approved but publishing failed',
    blocked: 'Blocked',
    held: 'Held',
    received: 'Received',
  };
  const reason = o.reason ? `: “${esc(truncate(o.reason, 500))}”` : '';
  return `*${verb[o.status] ?? o.status}*${o.edited ? ' (edited)' : ''} by ${esc(who)} · ${when(o.at)}${reason}`;
};

/** The review card. The same function renders the first post and every update. */
export function renderCard(card: ReviewCard): { text: string; blocks: Block[] } {
  const { action, agent, request } = card;
  const blocks: Block[] = [];
  blocks.push({
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(`${agent.name} wants to post — review needed`, LIMITS.header),
    },
  });
  if (request) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*<@${request.requester.id}> asked* in <#${request.origin.channel}>:\n${quoteWithSpans(request.text, [], 900)}`,
      },
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'No human request: the agent acted on its own.' }],
    });
  }
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*${esc(agent.name)} wants to post in ${where(action)}:*\n${quoteWithSpans(
        action.text,
        card.reasons.flatMap((r) => (r.span ? [{ start: r.span[0], end: r.span[1] }] : [])),
        2400,
      )}`,
    },
  });
  const why = card.reasons.map((r) => `• ${esc(r.message)}`).join('\n') || '• (no reason recorded)';
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(`*Held because*\n${why}`, LIMITS.section) },
  });
  const tally = card.tally.map((t) => esc(t.reviewerName)).join(', ');
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(
          `Needs ${card.required.count} approval${card.required.count === 1 ? '' : 's'} from ${esc(card.required.group)} · ${card.tally.length}/${card.required.count} so far${tally ? ` (${tally})` : ''}${card.expiresAt ? ` · expires ${when(card.expiresAt)}` : ''} · ${action.id}`,
          LIMITS.context,
        ),
      },
    ],
  });
  if (card.outcome) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: outcomeLine(card.outcome) } });
  } else {
    const value = buttonValue(action.id, card.contentHash);
    const buttons: Block[] = [
      {
        type: 'button',
        action_id: ACTION_IDS.approve,
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        value,
      },
      {
        type: 'button',
        action_id: ACTION_IDS.reject,
        text: { type: 'plain_text', text: 'Reject' },
        style: 'danger',
        value,
      },
      {
        type: 'button',
        action_id: ACTION_IDS.edit,
        text: { type: 'plain_text', text: 'Edit and approve' },
        value,
      },
    ];
    if (card.redactable)
      buttons.push({
        type: 'button',
        action_id: ACTION_IDS.redact,
        text: { type: 'plain_text', text: 'Redact and approve' },
        value,
      });
    buttons.push({
      type: 'button',
      action_id: ACTION_IDS.pause,
      text: { type: 'plain_text', text: 'Pause agent' },
      value,
    });
    blocks.push({ type: 'actions', block_id: `airlock_review:${action.id}`, elements: buttons });
  }
  const text = card.outcome
    ? `${agent.name}'s post in review: ${card.outcome.status}`
    : `${agent.name} wants to post; held for review`;
  return { text, blocks };
}

const NOTICE_EVENT: Record<string, string> = {
  held: 'is waiting for a reviewer',
  published: 'was published',
  rejected: 'was rejected',
  expired: 'expired without a decision',
  failed: 'could not be published',
  blocked: 'was blocked',
  withdrawn: 'was withdrawn',
  retracted: 'was taken down',
  paused: 'is paused (the agent was paused)',
};

/** The requester's notice: what the agent wants to post, why it is held, and their buttons while pending. */
export function renderNotice(n: RequesterNotice, channelName?: string): { text: string; blocks: Block[] } {
  const place = n.action.kind === 'dm' ? 'a DM' : channelName ? `#${channelName}` : `<#${n.action.channel}>`;
  const quoted = truncate(n.action.text, 300);
  const because = n.why.length ? ` — held because ${n.why.join('; ')}` : '';
  const head =
    n.event === 'held'
      ? `${n.agent.name} wants to post in ${place}: '${quoted}'${because}`
      : `${n.agent.name}'s post in ${place} ${NOTICE_EVENT[n.event] ?? n.event}: '${quoted}'`;
  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(esc(head).replace(/&lt;(#[CG][A-Z0-9]+)&gt;/g, '<$1>'), LIMITS.section),
      },
    },
  ];
  if (n.outcome)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: outcomeLine(n.outcome) }] });
  const value = n.action.id;
  const buttons: Block[] = [];
  if (n.canRelease)
    buttons.push({
      type: 'button',
      action_id: ACTION_IDS.release,
      text: { type: 'plain_text', text: 'Let it post' },
      style: 'primary',
      value,
    });
  if (n.canDiscard)
    buttons.push({
      type: 'button',
      action_id: ACTION_IDS.discard,
      text: { type: 'plain_text', text: 'Discard' },
      value,
    });
  if (buttons.length)
    blocks.push({ type: 'actions', block_id: `airlock_notice:${n.action.id}`, elements: buttons });
  return { text: head, blocks };
}

export interface ModalMeta {
  actionId: string;
  contentHash: string;
  channel: string | null;
  ts: string | null;
}

export function renderRejectModal(meta: ModalMeta): Block {
  return {
    type: 'modal',
    callback_id: VIEW_IDS.reject,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Reject post' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Why? (the agent and the requester see this)' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
    ],
  };
}

export function renderEditModal(meta: ModalMeta, text: string): Block {
  return {
    type: 'modal',
    callback_id: VIEW_IDS.edit,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Edit and approve' },
    submit: { type: 'plain_text', text: 'Approve edit' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'text',
        label: { type: 'plain_text', text: 'What the agent will post' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: LIMITS.modalInput,
          initial_value: text.slice(0, LIMITS.modalInput),
        },
      },
    ],
  };
}

/** The App Home: the reviewer's queue. */
export function renderHome(cards: ReviewCard[]): Block {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Airlock: waiting for you' } },
  ];
  if (!cards.length)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'Nothing is waiting for your review.' } });
  for (const c of cards.slice(0, 15)) {
    blocks.push({ type: 'divider' });
    for (const b of renderCard(c).blocks) if (b['type'] !== 'header') blocks.push(b);
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
