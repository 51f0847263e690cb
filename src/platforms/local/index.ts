// The built-in local platform, and the reference adapter of the Platform port: "publishing" writes into
// Airlock's own database, so the whole pipeline runs with no external service. Review cards and requester
// notices are rows updated in place through the refs the pipeline stores; every publish call that gets
// through is a new row, so a double delivery is visible (and counted by the fault tests). Everything is
// readable over GET /v1/local/messages, so an `npm start` user sees what a reviewer and a requester would.
import { renderMarkdown } from '../../governance/digest/index.ts';
import type { Action, ChannelFacts } from '../../governance/model.ts';
import type {
  OutboxMessage,
  Platform,
  PlatformRef,
  PublishInput,
  RequesterNotice,
  ReviewCard,
  ThreadMessage,
} from '../../governance/ports.ts';

/** A stored local message; the shape is the store port's (`tx.outbox.insert` writes it in a transaction). */
export type LocalMessage = OutboxMessage;

export interface LocalMessageFilter {
  channel?: string | undefined;
  thread?: string | undefined;
  type?: LocalMessage['type'] | undefined;
  actionId?: string | undefined;
  recipient?: string | undefined;
  limit?: number | undefined;
  oldestFirst?: boolean | undefined;
}

/** Persistence for the local platform; implemented by store/ and injected (platforms never import store/). */
export interface LocalOutbox {
  /** Always a new row. Returns its id. */
  insert(message: LocalMessage): Promise<string>;
  /** Updates a row in place; false when there is no such row. */
  update(
    id: string,
    patch: { text: string; data: Record<string, unknown>; updatedAt: Date },
  ): Promise<boolean>;
  get(id: string): Promise<LocalMessage | null>;
  list(filter: LocalMessageFilter): Promise<LocalMessage[]>;
}

export interface LocalPlatformConfig {
  outbox: LocalOutbox;
  now: () => Date;
  newId: () => string;
  maxTextLength?: number;
  /** Named channels the console shows; any channel name is accepted. */
  channels?: ChannelFacts[];
  reviewChannel?: string;
}

export interface LocalPlatform extends Platform {
  /** How many times the action's post reached this platform (1 is exactly-once; 2 is a double post). */
  deliveries(actionId: string): Promise<number>;
  readonly outbox: LocalOutbox;
}

const target = (a: Action) =>
  a.kind === 'dm' ? `@${a.recipient}` : `#${a.channel ?? a.change?.target ?? '?'}`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function cardText(card: ReviewCard): string {
  const { action, agent } = card;
  const lines = [`${agent.name} wants to ${action.kind} in ${target(action)}:`, `> ${action.text}`];
  if (card.request)
    lines.push(
      `Asked by ${card.request.requester.name ?? card.request.requester.id}: "${card.request.text}"`,
    );
  if (card.reasons.length) {
    lines.push('Held because:');
    for (const r of card.reasons) lines.push(`- ${r.code}: ${r.message}`);
  }
  const names = card.tally.map((t) => t.reviewerName).join(', ');
  lines.push(
    `Approvals: ${card.tally.length} of ${card.required.count} (group ${card.required.group})${names ? `: ${names}` : ''}`,
  );
  lines.push(`Content hash: ${card.contentHash}`);
  if (card.expiresAt) lines.push(`Expires: ${card.expiresAt.toISOString()}`);
  if (card.outcome) {
    const by = card.outcome.by.name ?? card.outcome.by.kind;
    lines.push(
      `Outcome: ${card.outcome.status} by ${by}${card.outcome.reason ? ` (${card.outcome.reason})` : ''}${card.outcome.edited ? ' after an edit' : ''}`,
    );
  }
  return lines.join('\n');
}

function cardData(card: ReviewCard): Record<string, unknown> {
  return {
    status: card.action.status,
    contentHash: card.contentHash,
    required: card.required,
    tally: card.tally.map((t) => ({ ...t, at: t.at.toISOString() })),
    reasons: card.reasons,
    expiresAt: iso(card.expiresAt),
    redactable: card.redactable,
    scopeOnly: card.scopeOnly,
    eligible: card.eligible.map((r) => r.name),
    outcome: card.outcome ? { ...card.outcome, at: card.outcome.at.toISOString() } : null,
  };
}

function noticeText(n: RequesterNotice): string {
  const { action, agent, event } = n;
  const by = n.outcome?.by.name ? ` by ${n.outcome.by.name}` : '';
  switch (event) {
    case 'held':
      return `${agent.name} wants to ${action.kind} in ${target(action)}; it waits for a decision.\nWhy: ${n.why.join('; ')}${n.canRelease ? '\nYou may let it post (release) or discard it.' : n.canDiscard ? '\nYou may discard it.' : ''}`;
    case 'paused':
      return `${agent.name} is paused; its ${action.kind} in ${target(action)} waits for a reviewer.`;
    default:
      return `${agent.name}'s ${action.kind} in ${target(action)} was ${event}${by}.`;
  }
}

export function createLocalPlatform(config: LocalPlatformConfig): LocalPlatform {
  const reviewChannel = config.reviewChannel ?? 'airlock-reviews';
  const { outbox } = config;
  const insert = async (m: Omit<LocalMessage, 'id' | 'createdAt' | 'updatedAt'>) => {
    const now = config.now();
    return outbox.insert({ ...m, id: config.newId(), createdAt: now, updatedAt: now });
  };
  /** Updates the row at `ref` in place; posts a new one when there is none (a lost ref, a first post). */
  const upsertAt = async (
    ref: PlatformRef | null | undefined,
    m: Omit<LocalMessage, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<PlatformRef> => {
    if (ref && (await outbox.update(ref.id, { text: m.text, data: m.data, updatedAt: config.now() })))
      return ref;
    return { id: await insert(m), channel: m.channel };
  };

  /** The delivery row of a publish, unwritten; null with the earlier delivery's ref when there is one. */
  const prepareDelivery = async ({
    action,
    idempotencyKey,
    approvedBy,
    firstAttempt,
  }: PublishInput): Promise<{ ref: PlatformRef; message: LocalMessage | null }> => {
    // Exactly-once at the edge: an earlier delivery of the same key (a retry after a crash between the
    // post and the commit, when the delivery was not written with its record) is returned instead of
    // posting again. A first attempt has none.
    const earlier = firstAttempt
      ? undefined
      : (await outbox.list({ actionId: action.id, type: 'message', limit: 50 })).find(
          (m) => m.data['idempotencyKey'] === idempotencyKey,
        );
    if (earlier)
      return { ref: { id: earlier.id, channel: earlier.channel, data: { replayed: true } }, message: null };
    const channel = action.kind === 'dm' ? null : (action.channel ?? action.change?.target ?? null);
    const now = config.now();
    const message: LocalMessage = {
      id: config.newId(),
      type: 'message',
      actionId: action.id,
      channel,
      thread: action.thread,
      recipient: action.recipient,
      text: action.text,
      data: {
        idempotencyKey,
        approvedBy,
        contentHash: action.contentHash,
        ...(action.change ? { change: action.change } : {}),
      },
      createdAt: now,
      updatedAt: now,
    };
    return { ref: { id: message.id, channel }, message };
  };

  const platform: LocalPlatform = {
    name: 'local',
    maxTextLength: config.maxTextLength ?? 40_000,
    outbox,
    deliveries: async (actionId) => (await outbox.list({ actionId, type: 'message', limit: 1000 })).length,
    publish: async (input) => {
      const { ref, message } = await prepareDelivery(input);
      if (message) await outbox.insert(message);
      return ref;
    },
    prepareDelivery: (input) => prepareDelivery(input),
    retract: async (_action, ref) => {
      const m = await outbox.get(ref.id);
      if (!m) return;
      await outbox.update(ref.id, {
        text: '(this message was retracted)',
        data: { ...m.data, retracted: true, retractedAt: config.now().toISOString(), originalText: m.text },
        updatedAt: config.now(),
      });
    },
    requestReview: async (card) =>
      upsertAt(card.ref, {
        type: 'review_card',
        actionId: card.action.id,
        channel: reviewChannel,
        thread: null,
        recipient: null,
        text: cardText(card),
        data: cardData(card),
      }),
    updateReview: async (card) =>
      upsertAt(card.ref, {
        type: 'review_card',
        actionId: card.action.id,
        channel: reviewChannel,
        thread: null,
        recipient: null,
        text: cardText(card),
        data: cardData(card),
      }),
    notifyRequester: async (notice) =>
      upsertAt(notice.ref, {
        type: 'notice',
        actionId: notice.action.id,
        channel: notice.request.origin.channel,
        thread: notice.request.origin.thread ?? null,
        recipient: notice.request.requester.id,
        text: noticeText(notice),
        data: {
          event: notice.event,
          status: notice.action.status,
          why: notice.why,
          canRelease: notice.canRelease,
          canDiscard: notice.canDiscard,
          outcome: notice.outcome ? { ...notice.outcome, at: notice.outcome.at.toISOString() } : null,
        },
      }),
    postDigest: async ({ digest, chart, channel }) => {
      const where = channel ?? reviewChannel;
      const id = await insert({
        type: 'digest',
        actionId: null,
        channel: where,
        thread: null,
        recipient: null,
        text: renderMarkdown(digest),
        data: { digest, ...(chart ? { chartSvg: chart.svg } : {}) },
      });
      return { id, channel: where };
    },
    readThread: async (channel, thread): Promise<ThreadMessage[]> =>
      (await outbox.list({ channel, thread, type: 'message', limit: 200 }))
        .filter((m) => !m.data['retracted'])
        .map((m) => ({
          author: String(m.data['author'] ?? 'agent'),
          text: m.text,
          ts: m.createdAt.toISOString(),
        })),
    listChannels: async () => config.channels ?? [],
    deliveredContent: async (action) => {
      const [m] = await outbox.list({ actionId: action.id, type: 'message', limit: 1 });
      return m ? { text: m.text, thread: m.thread, recipient: m.recipient } : null;
    },
  };
  return platform;
}
