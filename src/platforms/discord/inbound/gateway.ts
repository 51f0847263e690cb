// The optional Gateway client (DISCORD_GATEWAY=true): a WebSocket to Discord through @discordjs/ws (the
// discord.js gateway layer: identify, heartbeats, resume and reconnects), listening for MESSAGE_CREATE
// only. A human's message that mentions an agent's Discord identity (`--identity discord=USER_ID`)
// becomes a request, origin = that channel, requester = the author. The message id is the event id, so
// a redelivery, or several Airlock processes each holding a connection, record one request.
// Needs the privileged Message Content intent (Bot page) to read the text.
import type { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { LazyGateway } from '../../platform.ts';
import { type DiscordLog, PLATFORM } from '../types.ts';

export const GATEWAY_INTENTS =
  GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages | GatewayIntentBits.MessageContent;

/** The fields of a MESSAGE_CREATE this client reads. */
export interface GatewayMessage {
  id: string;
  channel_id: string;
  content?: string;
  webhook_id?: string;
  author?: { id: string; username?: string; global_name?: string | null; bot?: boolean };
  mentions?: Array<{ id: string }>;
}

export type MentionOutcome =
  | { kind: 'request'; requestId: string; replayed: boolean }
  | { kind: 'ignored'; why: string };

/** A message to a request, if it mentions an agent (a pure function of the gateway and the message). */
export async function handleMessage(gateway: LazyGateway, m: GatewayMessage): Promise<MentionOutcome> {
  if (!m.author || m.author.bot || m.webhook_id) return { kind: 'ignored', why: 'not a human message' };
  for (const mentioned of m.mentions ?? []) {
    const agent = await gateway().agentByIdentity(PLATFORM, mentioned.id);
    if (!agent || agent.revokedAt) continue;
    const text = (m.content ?? '')
      .replace(/<@!?\d+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) return { kind: 'ignored', why: 'a mention without a request' };
    const { request, replayed } = await gateway().recordRequest({
      platform: PLATFORM,
      eventId: `message:${m.id}`,
      requester: { id: m.author.id, name: m.author.global_name ?? m.author.username ?? m.author.id },
      text,
      origin: { channel: m.channel_id, thread: null },
      agentId: agent.id,
    });
    return { kind: 'request', requestId: request.id, replayed };
  }
  return { kind: 'ignored', why: 'no agent mentioned' };
}

export interface DiscordGatewayClient {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the messages received so far have been handled (tests). */
  settled(): Promise<void>;
}

export function createGatewayClient(opts: {
  token: string;
  rest: REST;
  gateway: LazyGateway;
  log?: DiscordLog | undefined;
  retryMs?: { first: number; max: number };
}): DiscordGatewayClient {
  const manager = new WebSocketManager({ token: opts.token, intents: GATEWAY_INTENTS, rest: opts.rest });
  const pending = new Set<Promise<unknown>>();
  const { first, max } = opts.retryMs ?? { first: 2_000, max: 60_000 };
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;

  manager.on(WebSocketShardEvents.Dispatch, (payload) => {
    if (payload.t !== GatewayDispatchEvents.MessageCreate) return;
    const work = handleMessage(opts.gateway, payload.d as GatewayMessage)
      .catch((err: unknown) =>
        // The message is not redelivered by Discord: say so, so an operator can ask the user to repeat.
        opts.log?.warn({ err, messageId: payload.d.id }, 'discord mention could not be recorded'),
      )
      .finally(() => pending.delete(work));
    pending.add(work);
  });
  manager.on(WebSocketShardEvents.Error, (err) => opts.log?.warn({ err }, 'discord gateway error'));

  const connect = (wait: number): void => {
    if (stopped) return;
    manager.connect().then(
      () => opts.log?.info?.({}, 'discord gateway connected'),
      (err: unknown) => {
        if (stopped) return;
        opts.log?.warn(
          { err, retryInMs: wait },
          'discord gateway: could not connect (is the bot token right, and the Message Content intent on?); retrying',
        );
        timer = setTimeout(() => connect(Math.min(max, wait * 2)), wait);
        timer.unref();
      },
    );
  };

  return {
    async start() {
      // Startup never waits on Discord: connected (and retried) in the background.
      stopped = false;
      connect(first);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.resolve(manager.destroy()).catch(() => undefined);
      await Promise.allSettled([...pending]);
    },
    settled: async () => {
      await Promise.allSettled([...pending]);
    },
  };
}
