// The review card in the review channel: posted on hold, updated in place after every decision.
import type { PlatformRef, ReviewCard } from '../../platform.ts';
import type { SlackApi } from '../client.ts';
import { renderCard } from '../render/blocks.ts';
import { findOwnPost, marker } from './publish.ts';

export const CARD_EVENT = 'airlock_review';
/** A Slack message ts; refs that are not one (older rows) are found again by the card's metadata. */
export const isTs = (id: string) => /^\d+\.\d+$/.test(id);

export interface CardDeps {
  api: SlackApi;
  reviewChannel: string | null;
  /** Source channel → review channel overrides. */
  reviewChannels: Record<string, string>;
}

export const reviewChannelFor = (deps: CardDeps, card: ReviewCard): string | null =>
  (card.action.channel ? deps.reviewChannels[card.action.channel] : undefined) ?? deps.reviewChannel;

export async function requestReview(deps: CardDeps, card: ReviewCard): Promise<PlatformRef | null> {
  const channel = reviewChannelFor(deps, card);
  if (!channel) return null;
  const { text, blocks } = renderCard(card);
  const earlier = await findOwnPost(deps.api, channel, null, card.action.id, CARD_EVENT);
  if (earlier) return earlier;
  const res = await deps.api.call('chat.postMessage', {
    channel,
    text,
    blocks,
    unfurl_links: false,
    metadata: marker(CARD_EVENT, card.action.id),
  });
  return { id: String(res['ts']), channel: String(res['channel'] ?? channel) };
}

export async function updateReview(
  deps: CardDeps,
  card: ReviewCard & { ref: PlatformRef },
): Promise<PlatformRef | null> {
  const channel = card.ref.channel ?? reviewChannelFor(deps, card);
  if (!channel) return null;
  const ref = isTs(card.ref.id)
    ? card.ref
    : await findOwnPost(deps.api, channel, null, card.action.id, CARD_EVENT);
  if (!ref) return null;
  const { text, blocks } = renderCard(card);
  await deps.api.call('chat.update', { channel, ts: ref.id, text, blocks });
  return { ...ref, channel };
}
