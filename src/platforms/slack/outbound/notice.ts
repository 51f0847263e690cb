// The requester's notice ("helper-bot wants to post in #infra-help … held because …"). Sent by DM so it
// can follow the outcome in place (ephemeral messages cannot be edited by the bot later); when the DM
// cannot be opened it falls back to an ephemeral message where they asked.
import { isPlatformError, type PlatformRef, type RequesterNotice } from '../../platform.ts';
import type { SlackApi } from '../client.ts';
import { renderNotice } from '../render/blocks.ts';
import { isTs } from './card.ts';
import { findOwnPost, marker, openDm } from './publish.ts';

export const NOTICE_EVENT = 'airlock_notice';

export async function notifyRequester(api: SlackApi, n: RequesterNotice): Promise<PlatformRef | null> {
  if (n.request.platform !== 'slack') return null;
  const { text, blocks } = renderNotice(n);
  if (n.ref?.channel && isTs(n.ref.id) && n.ref.data?.['ephemeral'] !== true) {
    await api.call('chat.update', { channel: n.ref.channel, ts: n.ref.id, text, blocks });
    return n.ref;
  }
  try {
    const channel = await openDm(api, n.request.requester.id);
    // Without a stored ref, the notice already sent is found by its metadata and updated in place.
    const earlier = await findOwnPost(api, channel, null, n.action.id, NOTICE_EVENT);
    if (earlier) {
      await api.call('chat.update', { channel, ts: earlier.id, text, blocks });
      return earlier;
    }
    const res = await api.call('chat.postMessage', {
      channel,
      text,
      blocks,
      unfurl_links: false,
      metadata: marker(NOTICE_EVENT, n.action.id),
    });
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
    return {
      id: String(res['message_ts'] ?? ''),
      channel: n.request.origin.channel,
      data: { ephemeral: true },
    };
  }
}
