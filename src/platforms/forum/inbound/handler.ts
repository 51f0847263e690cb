// POST /forum/webhooks: every delivery is signature-checked (401 otherwise), handled once per
// X-Discourse-Event-Id, and parsed with zod (400 naming the field). A new post is then one of:
// - a reply in a review topic (staff category, `[act_…]` in the title, the topic Airlock opened for that
//   action): `approve`, `reject: why` or `edit:` + text, decided through the same use case as a click on
//   Slack or Discord, bound to the content hash of the review post it answers; refusals are answered in the
//   topic and change nothing;
// - a reply to a requester notice (private message): `let it post` or `discard`;
// - a post mentioning an agent's forum user: a request with provenance `platform`.
// Airlock's own posts and agents' posts are ignored. Never a 5xx for a bad input.
import { invalidInput, isAirlockError } from '../../../governance/errors.ts';
import type {
  InboundHandler,
  InboundRequest,
  InboundResponse,
  PlatformDecision,
  PlatformGateway,
} from '../../platform.ts';
import type { ForumApi } from '../api.ts';
import { isForumReviewRef, type ReviewVersion, versionsOf } from '../outbound/review.ts';
import { actionIdInTitle, shortHash } from '../render/review.ts';
import { clip, LIMITS } from '../render/text.ts';
import { type ForumLog, PLATFORM } from '../types.ts';
import { type ForumPostEvent, mentionsIn, parseCommand, PostEvent, type ReviewCommand } from './parse.ts';
import { SeenEvents, verifyWebhook } from './verify.ts';

export const WEBHOOK_PATH = '/forum/webhooks';

export interface HandlerOptions {
  secret: string;
  username: string;
  reviewCategory: number | null;
  api: ForumApi;
  gateway: () => PlatformGateway;
  log?: ForumLog | undefined;
}

const json = (status: number, body: Record<string, unknown>): InboundResponse => ({ status, body });
const error = (status: number, code: string, message: string, field?: string) =>
  json(status, { error: { code, message, ...(field ? { field } : {}) } });

const REFUSED: Record<string, string> = {
  forbidden: 'You cannot decide this',
  content_changed: 'Refused: the text changed after the review post you answered, so nothing was approved',
  illegal_transition: 'Already decided; nothing was done',
  not_found: 'Not found',
  conflict: 'Nothing was done',
  agent_paused: 'The agent is paused; nothing was done',
  invalid_input: 'Nothing was done',
};

/** The review version a reply answers: the one it replies to, else the last review post above it. */
export function versionFor(versions: ReviewVersion[], post: ForumPostEvent): ReviewVersion | null {
  if (post.reply_to_post_number) {
    const answered = versions.find((v) => v.post === post.reply_to_post_number);
    if (answered) return answered;
  }
  const above = versions.filter((v) => v.post < post.post_number);
  return above[above.length - 1] ?? null;
}

export function createWebhookHandler(o: HandlerOptions): InboundHandler {
  const seen = new SeenEvents();
  const me = o.username.toLowerCase();

  const reply = async (post: ForumPostEvent, text: string) => {
    try {
      await o.api.call('answer in topic', o.username, 'POST', '/posts.json', {
        topic_id: post.topic_id,
        raw: clip(text, LIMITS.raw),
        reply_to_post_number: post.post_number,
      });
    } catch (e) {
      o.log?.warn(
        { topicId: post.topic_id, error: e instanceof Error ? e.message : String(e) },
        'forum answer failed',
      );
    }
  };

  const agentOf = async (username: string) => {
    const g = o.gateway();
    return (
      (await g.agentByIdentity(PLATFORM, username)) ??
      (username.toLowerCase() !== username ? await g.agentByIdentity(PLATFORM, username.toLowerCase()) : null)
    );
  };

  async function decide(
    post: ForumPostEvent,
    actionId: string,
    cmd: ReviewCommand,
    hash?: string,
    hint = '',
  ) {
    const d: PlatformDecision = {
      platform: PLATFORM,
      platformUserId: post.username,
      actionId,
      verb: cmd.verb,
      interactionId: `post-${post.id}`,
      ...(hash ? { contentHash: hash } : {}),
      ...(cmd.verb === 'edit' ? { text: cmd.text } : {}),
      ...(cmd.verb === 'reject' && cmd.reason ? { reason: cmd.reason } : {}),
    };
    try {
      const outcome = await o.gateway().decide(d);
      await reply(post, `@${post.username} ${outcome.message}`);
      return json(200, { ok: true, decision: cmd.verb, status: outcome.action.status });
    } catch (e) {
      if (!isAirlockError(e) || e.status >= 500) throw e;
      await reply(
        post,
        `@${post.username} ${REFUSED[e.code] ?? 'Refused'}: ${e.message}${e.code === 'content_changed' ? hint : ''}`,
      );
      return json(200, { ok: true, refused: e.code });
    }
  }

  async function reviewReply(post: ForumPostEvent, actionId: string): Promise<InboundResponse | null> {
    let card: Awaited<ReturnType<PlatformGateway['reviewCard']>>;
    try {
      card = await o.gateway().reviewCard(actionId);
    } catch (e) {
      if (isAirlockError(e) && e.code === 'not_found') return null;
      throw e;
    }
    // Only the topic Airlock opened for this action decides it (a title alone proves nothing).
    if (!isForumReviewRef(card.ref) || card.ref?.channel !== String(post.topic_id)) return null;
    const cmd = parseCommand(post.raw);
    if (!cmd || cmd.verb === 'release' || cmd.verb === 'discard')
      return json(200, { ok: true, ignored: 'conversation in a review topic' });
    if (cmd.verb === 'reject') return decide(post, actionId, cmd);
    const version = versionFor(versionsOf(card.ref), post);
    if (!version) {
      await reply(post, `@${post.username} Reply to the review post you mean; nothing was done.`);
      return json(200, { ok: true, refused: 'no_review_post' });
    }
    const latest = versionsOf(card.ref).at(-1);
    const hint =
      latest && latest !== version
        ? ` Post #${version.post} shows content \`${shortHash(version.hash)}\`; the current text is in post #${latest.post}.`
        : '';
    return decide(post, actionId, cmd, version.hash, hint);
  }

  async function noticeReply(post: ForumPostEvent, actionId: string): Promise<InboundResponse | null> {
    const cmd = parseCommand(post.raw);
    if (!cmd || (cmd.verb !== 'release' && cmd.verb !== 'discard')) return null;
    return decide(post, actionId, cmd);
  }

  async function mention(post: ForumPostEvent): Promise<InboundResponse> {
    for (const name of mentionsIn(post.raw)) {
      const agent = await agentOf(name);
      if (!agent) continue;
      const { request, replayed } = await o.gateway().recordRequest({
        platform: PLATFORM,
        eventId: `post-${post.id}`,
        requester: { id: post.username, ...(post.name ? { name: post.name } : {}) },
        text: post.raw,
        origin: {
          channel: post.category_id ? String(post.category_id) : 'private',
          thread: `${post.topic_id}/${post.post_number}`,
        },
        agentId: agent.id,
      });
      return json(200, { ok: true, request: request.id, replayed });
    }
    return json(200, { ok: true, ignored: 'no agent mentioned' });
  }

  async function route(post: ForumPostEvent): Promise<InboundResponse> {
    if (post.deleted_at) return json(200, { ok: true, ignored: 'deleted post' });
    if (post.post_type && post.post_type !== 1 && post.post_type !== 4)
      return json(200, { ok: true, ignored: 'not a regular post' });
    if (post.username.toLowerCase() === me) return json(200, { ok: true, ignored: 'Airlock’s own post' });
    if (await agentOf(post.username)) return json(200, { ok: true, ignored: 'an agent’s post' });
    const actionId = actionIdInTitle(post.topic_title ?? '');
    if (actionId && o.reviewCategory !== null && post.category_id === o.reviewCategory) {
      const done = await reviewReply(post, actionId);
      if (done) return done;
    }
    if (actionId && post.topic_archetype === 'private_message') {
      const done = await noticeReply(post, actionId);
      if (done) return done;
    }
    return mention(post);
  }

  return {
    path: WEBHOOK_PATH,
    async handle(req: InboundRequest): Promise<InboundResponse> {
      if (req.method !== 'POST') return error(405, 'method_not_allowed', 'POST only');
      const v = verifyWebhook(o.secret, req.headers, req.rawBody);
      if (!v.ok) return error(401, 'unauthorized', `invalid webhook signature: ${v.why}`);
      const eventId = req.headers['x-discourse-event-id'];
      if (!eventId || !/^[\w.-]{1,100}$/.test(eventId))
        return error(
          400,
          'invalid_input',
          'X-Discourse-Event-Id: missing or malformed',
          'X-Discourse-Event-Id',
        );
      const event = req.headers['x-discourse-event'] ?? '';
      if (event === 'ping') return json(200, { ok: true, pong: true });
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return error(400, 'invalid_input', '(body): not JSON', '(body)');
      }
      if (event !== 'post_created') return json(200, { ok: true, ignored: `event ${event || '(none)'}` });
      const parsed = PostEvent.safeParse(body);
      if (!parsed.success) {
        const e = invalidInput(parsed.error.issues);
        return error(400, 'invalid_input', e.message, e.field);
      }
      // A redelivered event (same id) changes nothing; answered 200 so the forum stops redelivering.
      if (!seen.first(eventId)) return json(200, { ok: true, duplicate: true });
      try {
        return await route(parsed.data.post);
      } catch (e) {
        seen.forget(eventId);
        if (isAirlockError(e) && e.status < 500) return error(e.status, e.code, e.message, e.field);
        o.log?.warn(
          { eventId, error: e instanceof Error ? e.message : String(e) },
          'forum webhook could not be handled',
        );
        return error(503, 'unavailable', 'Airlock could not handle this event just now; redeliver it later');
      }
    },
  };
}
