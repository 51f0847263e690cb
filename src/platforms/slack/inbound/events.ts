// Events API: human messages that ask an agent something become requests; App Home shows the queue.
import type { PlatformRequestInput } from '../../platform.ts';
import type { SlackResult } from '../client.ts';
import { renderHome } from '../render/blocks.ts';
import type { InboundContext } from './context.ts';
import { mentions, withoutMentions } from './parse.ts';

/** Event types this adapter handles; the manifest test checks each is subscribed. */
export const HANDLED_EVENTS = [
  'app_mention',
  'message.im',
  'message.channels',
  'message.groups',
  'app_home_opened',
  'app_uninstalled',
  'tokens_revoked',
] as const;

async function agentNamedIn(ctx: InboundContext, text: string): Promise<string | null> {
  const words = [
    ...new Set(
      withoutMentions(text)
        .split(/[\s,.:;!?()"'`]+/)
        .filter((w) => /^[\w-]{2,64}$/.test(w)),
    ),
  ];
  for (const w of words.slice(0, 12)) {
    const agent = await ctx.gateway().agentByName(w);
    if (agent && !agent.revokedAt) {
      ctx.rememberAgent(agent);
      return agent.id;
    }
  }
  return null;
}

async function agentMentioned(ctx: InboundContext, text: string): Promise<string | null> {
  for (const user of mentions(text)) {
    const agent = await ctx.gateway().agentByIdentity('slack', user);
    if (agent && !agent.revokedAt) {
      ctx.rememberAgent(agent);
      return agent.id;
    }
  }
  return null;
}

export async function handleEvent(
  ctx: InboundContext,
  eventId: string,
  e: SlackResult,
  botUserId: string | null,
): Promise<string> {
  if (e['type'] === 'app_uninstalled' || e['type'] === 'tokens_revoked') {
    // tokens_revoked also reports user tokens, which Airlock never asks for: only the bot's matter.
    const botRevoked = e['type'] === 'app_uninstalled' || (e['tokens']?.bot?.length ?? 0) > 0;
    if (!botRevoked) return 'no bot token revoked';
    const revoked = await ctx.revokeWorkspace();
    ctx.log.warn(
      { team: ctx.team, event: e['type'] },
      revoked
        ? 'slack: Airlock was uninstalled from a workspace (or its bot token revoked); its publishes now fail'
        : 'slack: uninstall event for a workspace Airlock has no installation of',
    );
    return revoked ? 'workspace revoked' : 'no installation to revoke';
  }
  if (e['type'] === 'app_home_opened') {
    if (e['tab'] !== 'home') return 'not the home tab';
    const cards = await ctx.gateway().pendingFor('slack', String(e['user']), 15);
    await ctx.api.call('views.publish', { user_id: String(e['user']), view: renderHome(cards) });
    return 'home published';
  }
  if (e['type'] !== 'app_mention' && e['type'] !== 'message') return `unhandled event ${String(e['type'])}`;
  // Bots (including Airlock posting as agents) and edits/deletes are not requests.
  if (e['bot_id'] || e['subtype'] || !e['user']) return 'not a human message';
  const text = String(e['text'] ?? '');
  const channel = String(e['channel'] ?? '');
  const botMentioned = botUserId !== null && mentions(text).includes(botUserId);
  let agentId: string | null;
  if (e['type'] === 'app_mention') {
    agentId = (await agentMentioned(ctx, text)) ?? (await agentNamedIn(ctx, text));
  } else if (e['channel_type'] === 'im') {
    agentId = (await agentMentioned(ctx, text)) ?? (await agentNamedIn(ctx, text));
  } else {
    // A channel message mentioning the bot arrives as app_mention too; take it there, once.
    if (botMentioned) return 'bot mention handled as app_mention';
    agentId = await agentMentioned(ctx, text);
    if (!agentId) return 'mentions no agent';
  }
  const request: PlatformRequestInput = {
    platform: 'slack',
    eventId,
    requester: { id: String(e['user']) },
    text,
    origin: { channel, thread: (e['thread_ts'] as string | undefined) ?? String(e['ts'] ?? '') },
    agentId,
  };
  const { request: recorded, replayed } = await ctx.gateway().recordRequest(request);
  // The agent's reply, its review card and the requester's notice go through this workspace.
  await ctx.learn('request', recorded.id);
  await ctx.learn('channel', channel);
  await ctx.learn('user', String(e['user']));
  return replayed ? 'request already recorded' : 'request recorded';
}
