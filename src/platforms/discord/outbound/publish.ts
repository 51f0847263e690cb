// Publishing an agent's action exactly once. As the bot: the message carries a nonce derived from the
// action id with `enforce_nonce`, so Discord itself returns the first message when a retry repeats it
// (within its nonce window). Through a channel webhook (the agent's name on the post): webhooks take no
// nonce, so before every post the adapter looks for the action id in the provenance footer of the
// channel's recent messages and returns that message instead of posting again.
import { createHash } from 'node:crypto';
import {
  type APIMessage,
  type APIWebhook,
  type RESTPostAPIChannelMessageJSONBody,
  Routes,
} from 'discord-api-types/v10';
import type { Action, Agent } from '../../../governance/model.ts';
import type { PlatformRef, PublishInput } from '../../platform.ts';
import { PlatformError } from '../../platform.ts';
import { carriesAction, provenanceEmbed, webhookName } from '../render/provenance.ts';
import { clip, LIMITS } from '../render/text.ts';
import { call, type DiscordRest } from '../rest.ts';
import { PLATFORM } from '../types.ts';

/** At most 25 characters, the same for every attempt at one action. */
export const nonceFor = (idempotencyKey: string) =>
  createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);

/** How many recent messages a retry searches for its earlier delivery. */
const LOOKBACK = 50;

export interface Publisher {
  publish(input: PublishInput, agent: Agent | null): Promise<PlatformRef>;
  retract(action: Action, ref: PlatformRef): Promise<void>;
  /** The bot's DM channel with a user, created once and cached. */
  dmChannel(userId: string): Promise<string>;
}

const refOf = (m: APIMessage, data: Record<string, unknown>): PlatformRef => ({
  id: m.id,
  channel: m.channel_id,
  url:
    'guild_id' in m && typeof m.guild_id === 'string'
      ? `https://discord.com/channels/${m.guild_id}/${m.channel_id}/${m.id}`
      : null,
  data,
});

function textOf(action: Action): string {
  if (action.kind !== 'config_change' || !action.change) return action.text;
  const c = action.change;
  return `Suggested configuration change (${c.system}: ${c.operation}${c.target ? ` on ${c.target}` : ''}):\n${action.text}`;
}

export function createPublisher(
  rest: DiscordRest,
  opts: { publishAs: 'webhook' | 'bot'; applicationId: string },
): Publisher {
  const dms = new Map<string, string>();
  const hooks = new Map<string, Promise<{ id: string; token: string }>>();

  const dmChannel = async (userId: string) => {
    const known = dms.get(userId);
    if (known) return known;
    const ch = await call<{ id: string }>('open DM', () =>
      rest.bot.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    );
    dms.set(userId, ch.id);
    return ch.id;
  };

  /** The channel webhook Airlock owns (created once with Manage Webhooks), cached per channel. */
  const webhookFor = (channelId: string) => {
    let hook = hooks.get(channelId);
    if (!hook) {
      hook = (async () => {
        const list = await call<APIWebhook[]>('list channel webhooks', () =>
          rest.bot.get(Routes.channelWebhooks(channelId)),
        );
        const mine = list.find((w) => w.application_id === opts.applicationId && w.token);
        if (mine?.token) return { id: mine.id, token: mine.token };
        const made = await call<APIWebhook>('create channel webhook', () =>
          rest.bot.post(Routes.channelWebhooks(channelId), { body: { name: 'Airlock' } }),
        );
        if (!made.token)
          throw new PlatformError(
            PLATFORM,
            'no_webhook_token',
            'Discord returned a webhook without a token',
            { retryable: false },
          );
        return { id: made.id, token: made.token };
      })();
      hooks.set(channelId, hook);
      hook.catch(() => hooks.delete(channelId));
    }
    return hook;
  };

  const earlier = async (channelId: string, actionId: string) => {
    const recent = await call<APIMessage[]>('read recent messages', () =>
      rest.bot.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ limit: String(LOOKBACK) }),
      }),
    );
    return recent.find((m) => carriesAction(m, actionId)) ?? null;
  };

  const asBot = async (channelId: string, input: PublishInput, agent: Agent | null, lookFirst: boolean) => {
    if (lookFirst) {
      const found = await earlier(channelId, input.action.id);
      if (found) return refOf(found, { via: 'bot', found: true });
    }
    const body: RESTPostAPIChannelMessageJSONBody = {
      content: clip(textOf(input.action), LIMITS.content),
      embeds: [provenanceEmbed(input.action.id, agent?.name ?? null, input.approvedBy)],
      nonce: nonceFor(input.idempotencyKey),
      enforce_nonce: true,
    };
    const m = await call<APIMessage>('post message', () =>
      rest.bot.post(Routes.channelMessages(channelId), { body }),
    );
    return refOf(m, { via: 'bot' });
  };

  const viaWebhook = async (action: Action, input: PublishInput, agent: Agent | null) => {
    const parent = action.channel;
    if (!parent)
      throw new PlatformError(PLATFORM, 'no_channel', `${action.kind} needs a channel id`, {
        retryable: false,
      });
    const target = action.kind === 'reply' && action.thread ? action.thread : parent;
    const found = await earlier(target, action.id);
    if (found) return refOf(found, { via: 'webhook', found: true });
    const hook = await webhookFor(parent);
    const query = new URLSearchParams({ wait: 'true' });
    if (target !== parent) query.set('thread_id', target);
    const avatar = agent?.identities['discord_avatar'];
    const m = await call<APIMessage>('post through webhook', () =>
      rest.once.post(Routes.webhook(hook.id, hook.token), {
        auth: false,
        query,
        body: {
          content: clip(textOf(action), LIMITS.content),
          username: webhookName(agent),
          ...(avatar ? { avatar_url: avatar } : {}),
          embeds: [provenanceEmbed(action.id, agent?.name ?? null, input.approvedBy)],
        },
      }),
    );
    return refOf(m, { via: 'webhook', webhookId: hook.id });
  };

  return {
    dmChannel,
    async publish(input, agent) {
      const { action } = input;
      // The nonce window is minutes; after a failed attempt, also search so a late retry finds its post.
      const retried = action.attempts > 0;
      if (action.kind === 'dm') {
        if (!action.recipient)
          throw new PlatformError(PLATFORM, 'no_recipient', 'a dm needs a recipient user id', {
            retryable: false,
          });
        return asBot(await dmChannel(action.recipient), input, agent, retried);
      }
      if (opts.publishAs === 'webhook' && action.kind !== 'config_change')
        return viaWebhook(action, input, agent);
      const channel = action.kind === 'reply' && action.thread ? action.thread : action.channel;
      if (!channel)
        throw new PlatformError(PLATFORM, 'no_channel', `${action.kind} needs a channel id`, {
          retryable: false,
        });
      return asBot(channel, input, agent, retried);
    },
    async retract(action, ref) {
      const channel = ref.channel ?? action.thread ?? action.channel;
      if (!channel)
        throw new PlatformError(PLATFORM, 'no_channel', 'cannot tell where the post lives', {
          retryable: false,
        });
      await call('delete message', () => rest.bot.delete(Routes.channelMessage(channel, ref.id)));
    },
  };
}
