// The built-in local platform: "publishing" writes into Airlock's own database, so the whole pipeline
// runs with no external service. The web console will read these messages.
import type { Action, ChannelFacts } from '../../governance/model.ts';
import type { Platform, ThreadMessage } from '../../governance/ports.ts';

export interface LocalMessage {
  id: string;
  type: 'message' | 'review_card' | 'notice' | 'digest';
  actionId: string | null;
  channel: string | null;
  thread: string | null;
  recipient: string | null;
  text: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Persistence for the local platform; implemented by store/ and injected (platforms never import store/). */
export interface LocalOutbox {
  /** Inserts or, when (type, actionId) exists, updates text/data. Returns the message id. */
  upsert(message: LocalMessage): Promise<string>;
  list(filter: {
    actionId?: string;
    channel?: string;
    thread?: string;
    type?: LocalMessage['type'];
    limit?: number;
  }): Promise<LocalMessage[]>;
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

const target = (a: Action) =>
  a.kind === 'dm' ? `@${a.recipient}` : `#${a.channel ?? a.change?.target ?? '?'}`;

export function createLocalPlatform(config: LocalPlatformConfig): Platform {
  const reviewChannel = config.reviewChannel ?? 'airlock-reviews';
  const write = (m: Omit<LocalMessage, 'id' | 'createdAt' | 'updatedAt'>) => {
    const now = config.now();
    return config.outbox.upsert({ ...m, id: config.newId(), createdAt: now, updatedAt: now });
  };
  return {
    name: 'local',
    maxTextLength: config.maxTextLength ?? 40_000,
    publish: async (action) => {
      const ref = await write({
        type: 'message',
        actionId: action.id,
        channel: action.kind === 'dm' ? null : (action.channel ?? action.change?.target ?? null),
        thread: action.thread,
        recipient: action.recipient,
        text: action.text,
        data: action.change ? { change: action.change } : {},
      });
      return { ref };
    },
    requestReview: async ({ action, agent }) => {
      const why = action.decision.reasons.map((r) => `- ${r.code}: ${r.message}`).join('\n');
      await write({
        type: 'review_card',
        actionId: action.id,
        channel: reviewChannel,
        thread: null,
        recipient: null,
        text: `${agent.name} wants to ${action.kind} in ${target(action)}:\n> ${action.text}\nHeld because:\n${why}`,
        data: { status: action.status, approvals: action.decision.approvals ?? null },
      });
    },
    updateReview: async ({ action, reviewer }) => {
      await write({
        type: 'review_card',
        actionId: action.id,
        channel: reviewChannel,
        thread: null,
        recipient: null,
        text: `${action.kind} in ${target(action)}: ${action.status}${reviewer ? ` by ${reviewer.name}` : ''}`,
        data: { status: action.status },
      });
    },
    notifyRequester: async ({ action, request, agent, event }) => {
      const text =
        event === 'held'
          ? `${agent.name} wants to ${action.kind} in ${target(action)}; a reviewer will decide.`
          : `${agent.name}'s ${action.kind} in ${target(action)} was ${event}.`;
      await write({
        type: 'notice',
        actionId: action.id,
        channel: request.origin.channel,
        thread: request.origin.thread ?? null,
        recipient: request.requester.id,
        text,
        data: { event },
      });
    },
    postDigest: async (digest) => {
      await write({
        type: 'digest',
        actionId: null,
        channel: reviewChannel,
        thread: null,
        recipient: null,
        text: `Airlock digest ${digest.from.toISOString().slice(0, 10)} – ${digest.to.toISOString().slice(0, 10)}: ${digest.held.length} held`,
        data: { totals: digest.totals },
      });
    },
    readThread: async (channel, thread): Promise<ThreadMessage[]> =>
      (await config.outbox.list({ channel, thread, type: 'message', limit: 200 })).map((m) => ({
        author: String(m.data['author'] ?? 'agent'),
        text: m.text,
        ts: m.createdAt.toISOString(),
      })),
    listChannels: async () => config.channels ?? [],
    deliveredContent: async (action) => {
      const [m] = await config.outbox.list({ actionId: action.id, type: 'message', limit: 1 });
      return m ? { text: m.text, thread: m.thread, recipient: m.recipient } : null;
    },
  };
}
