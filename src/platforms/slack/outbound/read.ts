// The read side: threads and channel facts come from Slack, not from what an agent claims.
import type { ChannelFacts } from '../../../governance/model.ts';
import type { ThreadMessage } from '../../platform.ts';
import type { SlackApi, SlackResult } from '../client.ts';

export async function readThread(api: SlackApi, channel: string, thread: string): Promise<ThreadMessage[]> {
  const res = await api.call('conversations.replies', { channel, ts: thread, limit: 200 });
  const messages: SlackResult[] = Array.isArray(res['messages']) ? res['messages'] : [];
  return messages.map((m) => ({
    author: String(m['user'] ?? m['username'] ?? m['bot_id'] ?? 'unknown'),
    text: String(m['text'] ?? ''),
    ts: String(m['ts'] ?? ''),
  }));
}

/** Channels the bot can see, with member counts, privacy and sharing with other organisations. */
export async function listChannels(api: SlackApi, maxPages = 10): Promise<ChannelFacts[]> {
  const out: ChannelFacts[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await api.call('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const c of (res['channels'] ?? []) as SlackResult[]) {
      out.push({
        id: String(c['id']),
        ...(typeof c['name'] === 'string' ? { name: c['name'] } : {}),
        ...(typeof c['num_members'] === 'number' ? { members: c['num_members'] } : {}),
        private: c['is_private'] === true,
        external: c['is_ext_shared'] === true || c['is_shared'] === true,
      });
    }
    cursor = res['response_metadata']?.next_cursor || undefined;
    if (!cursor) break;
  }
  return out;
}
