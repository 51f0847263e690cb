// Publishing an agent's action exactly once, as the agent's own forum user (its `forum` identity).
// New topics (and private messages) carry `external_id` = the action id: before posting, a retry asks
// GET /t/external_id/{id} and returns the topic it finds, and the forum itself refuses a second topic with
// the same external id. Replies have no external id: before posting, a retry reads the topic's latest
// posts and returns the one written by the agent's user whose provenance line carries the action id
// (`Airlock ref act_…`), so a crash between the forum's acceptance and Airlock's record posts nothing twice.
import type { Action, Agent } from '../../../governance/model.ts';
import type { PlatformRef, PublishInput } from '../../platform.ts';
import { PlatformError } from '../../platform.ts';
import type { ForumApi } from '../api.ts';
import { carriesAction, clip, LIMITS, provenanceLine, threadOf, topicOf } from '../render/text.ts';
import { PLATFORM } from '../types.ts';

/** How many of a topic's latest posts a retry searches for its earlier reply. */
export const LOOKBACK = 50;

export interface ForumPost {
  id: number;
  topic_id: number;
  post_number: number;
  username: string;
  cooked?: string;
  raw?: string;
  topic_slug?: string;
}

interface TopicJson {
  id: number;
  slug?: string;
  post_stream?: { posts?: ForumPost[]; stream?: number[] };
}

const permanent = (code: string, message: string) =>
  new PlatformError(PLATFORM, code, message, { retryable: false });

export function createPublisher(api: ForumApi) {
  const url = (topicId: number, postNumber?: number, slug?: string) =>
    `${api.baseUrl}/t/${slug ?? '-'}/${topicId}${postNumber && postNumber > 1 ? `/${postNumber}` : ''}`;

  const refOfPost = (
    p: ForumPost,
    kind: 'topic' | 'post',
    extra: Record<string, unknown> = {},
  ): PlatformRef => ({
    id: String(p.id),
    channel: String(p.topic_id),
    url: url(p.topic_id, p.post_number, p.topic_slug),
    data: { kind, postNumber: p.post_number, ...extra },
  });

  const userOf = (agent: Agent | null): string => {
    const u = agent?.identities[PLATFORM];
    if (!u)
      throw permanent(
        'no_forum_user',
        `agent ${agent?.name ?? '?'} has no forum user; link it with \`airlock agents add NAME --identity forum=USERNAME\``,
      );
    return u;
  };

  const body = (input: PublishInput, text: string, agent: Agent | null) =>
    clip(`${text}\n\n${provenanceLine(input.action.id, agent?.name ?? null, input.approvedBy)}`, LIMITS.raw);

  const textOf = (action: Action) => {
    if (action.kind !== 'config_change' || !action.change) return action.text;
    const c = action.change;
    return `Suggested configuration change (${c.system}: ${c.operation}${c.target ? ` on ${c.target}` : ''})\n${action.text}`;
  };

  /** The topic an earlier attempt created, found by its external id (the action id). */
  async function topicByExternalId(as: string, actionId: string): Promise<PlatformRef | null> {
    const t = await api.find<TopicJson>(
      'look up topic by external id',
      as,
      `/t/external_id/${encodeURIComponent(actionId)}.json`,
    );
    if (!t) return null;
    const firstId = t.post_stream?.stream?.[0] ?? t.post_stream?.posts?.[0]?.id;
    if (firstId === undefined) return null;
    return {
      id: String(firstId),
      channel: String(t.id),
      url: url(t.id, 1, t.slug),
      data: { kind: 'topic', postNumber: 1, found: true },
    };
  }

  /** The latest posts of a topic (at most LOOKBACK), newest last. */
  async function latestPosts(as: string, topicId: number): Promise<ForumPost[]> {
    const t = await api.call<TopicJson>('read topic', as, 'GET', `/t/${topicId}.json`);
    const loaded = new Map((t.post_stream?.posts ?? []).map((p) => [p.id, p]));
    const wanted = (t.post_stream?.stream ?? [...loaded.keys()]).slice(-LOOKBACK);
    const missing = wanted.filter((id) => !loaded.has(id));
    if (missing.length > 0) {
      const q = missing.map((id) => `post_ids[]=${id}`).join('&');
      const more = await api.call<TopicJson>('read topic posts', as, 'GET', `/t/${topicId}/posts.json?${q}`);
      for (const p of more.post_stream?.posts ?? []) loaded.set(p.id, p);
    }
    return wanted.flatMap((id) => {
      const p = loaded.get(id);
      return p ? [p] : [];
    });
  }

  async function earlierReply(as: string, topicId: number, actionId: string): Promise<ForumPost | null> {
    const posts = await latestPosts(as, topicId);
    return (
      posts.find(
        (p) =>
          p.username.toLowerCase() === as.toLowerCase() && carriesAction(p.cooked ?? p.raw ?? '', actionId),
      ) ?? null
    );
  }

  async function newTopic(
    as: string,
    input: PublishInput,
    agent: Agent | null,
    fields: Record<string, unknown>,
  ): Promise<PlatformRef> {
    const found = await topicByExternalId(as, input.action.id);
    if (found) return found;
    const { title, body: text } = topicOf(textOf(input.action));
    try {
      const p = await api.call<ForumPost>('create topic', as, 'POST', '/posts.json', {
        title,
        raw: body(input, text, agent),
        external_id: input.action.id,
        ...fields,
      });
      return refOfPost(p, 'topic');
    } catch (e) {
      // Two attempts raced: the forum refused the second external id; the first topic is the delivery.
      if (e instanceof PlatformError && e.status === 422) {
        const again = await topicByExternalId(as, input.action.id);
        if (again) return again;
      }
      throw e;
    }
  }

  return {
    async publish(input: PublishInput, agent: Agent | null): Promise<PlatformRef> {
      const { action } = input;
      const as = userOf(agent);
      switch (action.kind) {
        case 'post':
        case 'config_change': {
          const category = /^\d{1,12}$/.test(action.channel ?? '') ? Number(action.channel) : null;
          if (category === null)
            throw permanent(
              'bad_category',
              `a forum topic needs a category id (digits) as its channel, got "${action.channel ?? ''}"`,
            );
          return newTopic(as, input, agent, { category });
        }
        case 'dm': {
          if (!action.recipient)
            throw permanent('no_recipient', 'a private message needs a recipient username');
          return newTopic(as, input, agent, {
            archetype: 'private_message',
            target_recipients: action.recipient,
          });
        }
        case 'reply': {
          const t = threadOf(action.thread);
          if (!t)
            throw permanent(
              'bad_thread',
              `a forum reply needs a topic id as its thread ("123", or "123/4" to answer post 4), got "${action.thread ?? ''}"`,
            );
          const found = await earlierReply(as, t.topicId, action.id);
          if (found) return refOfPost(found, 'post', { found: true });
          const p = await api.call<ForumPost>('create reply', as, 'POST', '/posts.json', {
            topic_id: t.topicId,
            raw: body(input, textOf(action), agent),
            ...(t.postNumber ? { reply_to_post_number: t.postNumber } : {}),
          });
          return refOfPost(p, 'post');
        }
      }
    },

    /** Deletes what was published: the whole topic for a new topic, else the one post. */
    async retract(action: Action, ref: PlatformRef, as: string): Promise<void> {
      const kind = ref.data?.['kind'];
      if (kind === 'topic' && ref.channel) {
        await api.call('delete topic', as, 'DELETE', `/t/${encodeURIComponent(ref.channel)}.json`);
        return;
      }
      if (!/^\d+$/.test(ref.id)) throw permanent('bad_ref', `cannot retract ${action.id}: no post id`);
      await api.call('delete post', as, 'DELETE', `/posts/${ref.id}.json`);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
