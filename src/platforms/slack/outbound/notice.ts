// The requester's notice ("helper-bot wants to post in #infra-help … held because …"). Sent by DM so it
// can follow the outcome in place (ephemeral messages cannot be edited by the bot later); when the DM
// cannot be opened it falls back to an ephemeral message where they asked.
import { isPlatformError, type PlatformRef, type RequesterNotice } from '../../platform.ts';
import type { SlackApi } from '../client.ts';
import { renderNotice } from '../render/blocks.ts';
import { openDm } from './publish.ts';

export async function notifyRequester(api: SlackApi, n: RequesterNotice): Promise<PlatformRef | null> {
  if (n.request.platform !== 'slack') return null;
  const { text, blocks } = renderNotice(n);
  if (n.ref?.channel && n.ref.data?.['ephemeral'] !== true) {
    await api.call('chat.update', { channel: n.ref.channel, ts: n.ref.id, text, blocks });
    return n.ref;
  }
  try {
    const channel = await openDm(api, n.request.requester.id);
    const res = await api.call('chat.postMessage', { channel, text, blocks, unfurl_links: false });
    return { id: String(res['ts']), channel: String(res['channel'] ?? channel) };
  } catch (e) {
    if (!isPlatformError(e) || e.retryable) throw e;
    const res = await api.call('chat.postEphemeral', {
      channel: n.request.origin.channel,
      user: n.request.requester.id,
      ...(n.request.origin.thread ? { thread_ts: n.request.origin.thread } : {}),
      text,
      blocks,
    });
    return { id: String(res['message_ts'] ?? ''), channel: n.request.origin.channel, data: { ephemeral: true } };
  }
}
