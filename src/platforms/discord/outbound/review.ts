// Review cards in the review channel, requester notices as DMs, and the digest: posted, then edited in
// place through the ref the pipeline stored.
import type { APIMessage } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import type { DigestPost, PlatformRef, RequesterNotice, ReviewCard } from '../../platform.ts';
import { renderCard } from '../render/card.ts';
import { CHART_NAME, renderDigest } from '../render/digest.ts';
import { renderNotice } from '../render/notice.ts';
import { call, type DiscordRest } from '../rest.ts';
import type { Publisher } from './publish.ts';

const isSnowflake = (s: string | null | undefined): s is string => !!s && /^\d{15,21}$/.test(s);

const refOf = (m: APIMessage): PlatformRef => ({ id: m.id, channel: m.channel_id });

export function createReviews(rest: DiscordRest, publisher: Publisher, reviewChannel: string | null) {
  return {
    async requestReview(card: ReviewCard): Promise<PlatformRef | null> {
      if (!reviewChannel) return null;
      const m = await call<APIMessage>('post review card', () =>
        rest.bot.post(Routes.channelMessages(reviewChannel), { body: renderCard(card) }),
      );
      return refOf(m);
    },
    async updateReview(card: ReviewCard & { ref: PlatformRef }): Promise<PlatformRef | null> {
      const channel = card.ref.channel ?? reviewChannel;
      // A ref this adapter did not write (e.g. a placeholder) cannot be edited; nothing to update.
      if (!isSnowflake(card.ref.id) || !isSnowflake(channel)) return null;
      const m = await call<APIMessage>('edit review card', () =>
        rest.bot.patch(Routes.channelMessage(channel, card.ref.id), { body: renderCard(card) }),
      );
      return refOf(m);
    },
    async notifyRequester(notice: RequesterNotice): Promise<PlatformRef | null> {
      const user = notice.request.requester.id;
      if (notice.request.platform !== 'discord' || !isSnowflake(user)) return null;
      const body = renderNotice(notice);
      if (notice.ref && isSnowflake(notice.ref.id) && isSnowflake(notice.ref.channel)) {
        const ch = notice.ref.channel;
        const m = await call<APIMessage>('edit requester notice', () =>
          rest.bot.patch(Routes.channelMessage(ch, notice.ref!.id), { body }),
        );
        return refOf(m);
      }
      const ch = await publisher.dmChannel(user);
      const m = await call<APIMessage>('send requester notice', () =>
        rest.bot.post(Routes.channelMessages(ch), { body }),
      );
      return refOf(m);
    },
    async postDigest(post: DigestPost): Promise<PlatformRef | null> {
      const channel = post.channel && isSnowflake(post.channel) ? post.channel : reviewChannel;
      if (!channel) return null;
      const body = renderDigest(post);
      const m = await call<APIMessage>('post digest', () =>
        rest.bot.post(Routes.channelMessages(channel), {
          body: post.chart ? { ...body, attachments: [{ id: 0, filename: CHART_NAME }] } : body,
          ...(post.chart
            ? { files: [{ name: CHART_NAME, data: Buffer.from(post.chart.png), contentType: 'image/png' }] }
            : {}),
        }),
      );
      return refOf(m);
    },
  };
}
