// Publishing an action: as the agent (bot token, agent's name and icon), in its channel, thread or DM,
// with message metadata naming the action so a retry after a crash finds the earlier post instead of
// posting twice.
import type { Action } from '../../../governance/model.ts';
import { PlatformError, type PlatformRef, type PublishInput } from '../../platform.ts';
import type { SlackApi, SlackResult } from '../client.ts';
import { renderPost } from '../render/blocks.ts';

export const METADATA_EVENT = 'airlock_action';

export interface PublishDeps {
  api: SlackApi;
  /** The agent's display name (the port gives only its id; the adapter learns names from cards and notices). */
  agentName(agentId: string): string;
  /** Where config suggestions go when the action names no channel. */
  fallbackChannel: string | null;
}

export async function openDm(api: SlackApi, user: string): Promise<string> {
  const res = await api.call('conversations.open', { users: user });
  const id = res['channel']?.id;
  if (typeof id !== 'string')
    throw new PlatformError(
      'slack',
      'no_dm_channel',
      `Slack conversations.open gave no channel for ${user}`,
      {
        retryable: false,
      },
    );
  return id;
}

async function destination(deps: PublishDeps, a: Action): Promise<string> {
  if (a.kind === 'dm') {
    if (!a.recipient)
      throw new PlatformError('slack', 'no_recipient', 'a DM needs a recipient', { retryable: false });
    return openDm(deps.api, a.recipient);
  }
  const channel = a.channel ?? deps.fallbackChannel;
  if (!channel)
    throw new PlatformError('slack', 'channel_not_found', `action ${a.id} names no Slack channel`, {
      retryable: false,
    });
  return channel;
}

const isOurs = (m: SlackResult, key: string, type: string): boolean =>
  m['metadata']?.event_type === type && m['metadata']?.event_payload?.action_id === key;

/** Metadata that marks a message as Airlock's, for one action (post, review card or notice). */
export const marker = (type: string, actionId: string) => ({
  event_type: type,
  event_payload: { action_id: actionId },
});

/** Slack's clock and ours may differ: look back this much further than the action's creation. */
const LOOKBACK_SKEW_S = 300;
/** At most this many pages of 200 messages (a bound on one lookup's cost, not expected to be reached). */
const MAX_PAGES = 50;

/**
 * Finds a message this adapter already posted for `key` (the crash-between-send-and-record case). With
 * `since` (the action's creation: nothing was posted for it before), every message since then is read,
 * page by page: in a busy channel the earlier post may be far more than one page back.
 */
export async function findOwnPost(
  api: SlackApi,
  channel: string,
  thread: string | null,
  key: string,
  type = METADATA_EVENT,
  since?: Date,
): Promise<PlatformRef | null> {
  const oldest = since
    ? { oldest: String(Math.max(0, Math.floor(since.getTime() / 1000) - LOOKBACK_SKEW_S)) }
    : {};
  let cursor: string | undefined;
  for (let page = 0; page < (since ? MAX_PAGES : 1); page++) {
    const more = { ...oldest, ...(cursor ? { cursor } : {}) };
    const res = thread
      ? await api.call('conversations.replies', {
          channel,
          ts: thread,
          include_all_metadata: true,
          limit: 200,
          ...more,
        })
      : await api.call('conversations.history', {
          channel,
          include_all_metadata: true,
          limit: since ? 200 : 100,
          ...more,
        });
    const messages: SlackResult[] = Array.isArray(res['messages']) ? res['messages'] : [];
    const found = messages.find((m) => isOurs(m, key, type));
    if (found) return { id: String(found['ts']), channel, data: { recovered: true } };
    const next = res['response_metadata']?.next_cursor;
    if (!res['has_more'] || typeof next !== 'string' || next === '') return null;
    cursor = next;
  }
  return null;
}

export async function publish(deps: PublishDeps, input: PublishInput): Promise<PlatformRef> {
  const a = input.action;
  const channel = await destination(deps, a);
  const thread = a.kind === 'dm' ? null : a.thread;
  const earlier = await findOwnPost(
    deps.api,
    channel,
    thread,
    input.idempotencyKey,
    METADATA_EVENT,
    a.createdAt,
  );
  if (earlier) return earlier;
  const name = deps.agentName(a.agentId);
  const { text, blocks } = renderPost(a, name, input.approvedBy);
  const res = await deps.api.call('chat.postMessage', {
    channel,
    ...(thread ? { thread_ts: thread } : {}),
    text,
    blocks,
    username: name,
    icon_emoji: ':robot_face:',
    unfurl_links: false,
    metadata: marker(METADATA_EVENT, input.idempotencyKey),
  });
  return { id: String(res['ts']), channel: String(res['channel'] ?? channel), data: {} };
}

export async function retract(api: SlackApi, ref: PlatformRef): Promise<void> {
  if (!ref.channel)
    throw new PlatformError('slack', 'no_channel', 'the post has no channel', { retryable: false });
  try {
    await api.call('chat.delete', { channel: ref.channel, ts: ref.id });
  } catch (e) {
    // Already gone is what we wanted.
    if (e instanceof PlatformError && e.code === 'message_not_found') return;
    throw e;
  }
}
