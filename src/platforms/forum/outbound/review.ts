// Review cards and requester notices on the forum. With another platform for reviews (Slack or Discord,
// which have buttons) every card goes there and its ref is tagged with that platform's name, so updates
// reach the same card. Otherwise each held action gets a private review topic in the staff category: the
// first post shows the content and its hash; when the content changes (an edit, a revision) that post is
// edited to say it is superseded and a new review post follows, so a reply always approves exactly the
// content of the post it answers. The ref keeps every version: `data.versions` [{post, id, hash}].
// Requester notices are private messages from Airlock's forum user, edited in place.
import { renderForumTopic } from '../../../governance/digest/index.ts';
import type { Platform } from '../../../governance/ports.ts';
import type { DigestPost, PlatformRef, RequesterNotice, ReviewCard } from '../../platform.ts';
import type { ForumApi } from '../api.ts';
import { noticeTitle, renderNotice } from '../render/notice.ts';
import { renderReviewPost, renderSuperseded, reviewTitle } from '../render/review.ts';
import { clip, LIMITS } from '../render/text.ts';
import { PLATFORM } from '../types.ts';
import type { ForumPost } from './publish.ts';

export interface ReviewVersion {
  /** Post number of the review post in its topic. */
  post: number;
  /** Post id, for edits. */
  id: number;
  /** The full content hash the post shows (approvals replying to it name this hash). */
  hash: string;
}

const VIA = 'reviewOn';

/** The versions a forum review ref records; empty for refs of another platform or malformed data. */
export function versionsOf(ref: PlatformRef | null | undefined): ReviewVersion[] {
  const v = ref?.data?.['versions'];
  if (!Array.isArray(v)) return [];
  return v.filter(
    (x): x is ReviewVersion =>
      !!x &&
      typeof x === 'object' &&
      typeof (x as ReviewVersion).post === 'number' &&
      typeof (x as ReviewVersion).id === 'number' &&
      typeof (x as ReviewVersion).hash === 'string',
  );
}

export function isForumReviewRef(ref: PlatformRef | null | undefined): boolean {
  return !!ref && ref.data?.[VIA] === PLATFORM && versionsOf(ref).length > 0;
}

export function createReviews(
  api: ForumApi,
  opts: { username: string; reviewCategory: number | null; reviewVia: Platform | null },
) {
  const as = opts.username;
  const render = (card: ReviewCard) =>
    clip(renderReviewPost(card, { forumUser: (u) => (/^[\w.-]{1,60}$/.test(u) ? u : null) }), LIMITS.raw);

  const tag = (ref: PlatformRef | null, via: string): PlatformRef | null =>
    ref ? { ...ref, data: { ...(ref.data ?? {}), [VIA]: via } } : null;

  const forumRef = (topicId: number, versions: ReviewVersion[]): PlatformRef => {
    const last = versions[versions.length - 1]!;
    return {
      id: String(last.id),
      channel: String(topicId),
      url: `${api.baseUrl}/t/-/${topicId}/${last.post}`,
      data: { [VIA]: PLATFORM, versions },
    };
  };

  const edit = (postId: number, raw: string, why: string) =>
    api.call('edit review post', as, 'PUT', `/posts/${postId}.json`, {
      post: { raw, edit_reason: why },
    });

  return {
    async requestReview(card: ReviewCard): Promise<PlatformRef | null> {
      if (opts.reviewVia) return tag(await opts.reviewVia.requestReview(card), opts.reviewVia.name);
      if (opts.reviewCategory === null) return null;
      const externalId = `review-${card.action.id}`;
      // An earlier attempt opened it (its answer was lost): show the current content there.
      const earlier = await api.find<{ id: number; post_stream?: { stream?: number[] } }>(
        'look up review topic',
        as,
        `/t/external_id/${encodeURIComponent(externalId)}.json`,
      );
      const first = earlier?.post_stream?.stream?.[0];
      if (earlier && first !== undefined) {
        await edit(first, render(card), 'review requested again');
        return forumRef(earlier.id, [{ post: 1, id: first, hash: card.contentHash }]);
      }
      const p = await api.call<ForumPost>('create review topic', as, 'POST', '/posts.json', {
        title: reviewTitle(card),
        raw: render(card),
        category: opts.reviewCategory,
        external_id: externalId,
      });
      return forumRef(p.topic_id, [{ post: p.post_number, id: p.id, hash: card.contentHash }]);
    },

    async updateReview(card: ReviewCard & { ref: PlatformRef }): Promise<PlatformRef | null> {
      const via = card.ref.data?.[VIA];
      if (via !== PLATFORM) {
        if (!opts.reviewVia || (via !== undefined && via !== opts.reviewVia.name)) return null;
        return tag(await opts.reviewVia.updateReview(card), opts.reviewVia.name);
      }
      const versions = versionsOf(card.ref);
      const topicId = Number(card.ref.channel);
      const current = versions[versions.length - 1];
      if (!current || !Number.isSafeInteger(topicId)) return null;
      if (current.hash === card.contentHash) {
        await edit(current.id, render(card), card.outcome ? `${card.outcome.status}` : 'review updated');
        return card.ref;
      }
      // The content changed: a new review post shows it; the old one says it is superseded.
      const p = await api.call<ForumPost>('post new review version', as, 'POST', '/posts.json', {
        topic_id: topicId,
        raw: render(card),
      });
      const previous = await api.call<ForumPost>('read review post', as, 'GET', `/posts/${current.id}.json`);
      await edit(current.id, renderSuperseded(previous.raw ?? '', p.post_number), 'the content changed');
      return forumRef(topicId, [...versions, { post: p.post_number, id: p.id, hash: card.contentHash }]);
    },

    async notifyRequester(notice: RequesterNotice): Promise<PlatformRef | null> {
      if (notice.request.platform !== PLATFORM) return null;
      const user = notice.request.requester.id;
      if (!/^[\w.-]{1,60}$/.test(user)) return null;
      const raw = clip(renderNotice(notice), LIMITS.raw);
      if (notice.ref && /^\d+$/.test(notice.ref.id)) {
        await api.call('edit requester notice', as, 'PUT', `/posts/${notice.ref.id}.json`, {
          post: { raw, edit_reason: notice.event },
        });
        return notice.ref;
      }
      const p = await api.call<ForumPost>('send requester notice', as, 'POST', '/posts.json', {
        title: noticeTitle(notice),
        raw,
        archetype: 'private_message',
        target_recipients: user,
      });
      return { id: String(p.id), channel: String(p.topic_id), data: { kind: 'private_message' } };
    },

    async postDigest(post: DigestPost): Promise<PlatformRef | null> {
      const category =
        post.channel && /^\d{1,12}$/.test(post.channel) ? Number(post.channel) : opts.reviewCategory;
      if (category === null) return null;
      const { title, body } = renderForumTopic(post.digest);
      const p = await api.call<ForumPost>('post digest', as, 'POST', '/posts.json', {
        title: clip(title, LIMITS.title),
        raw: clip(body, LIMITS.raw),
        category,
      });
      return { id: String(p.id), channel: String(p.topic_id) };
    },
  };
}
