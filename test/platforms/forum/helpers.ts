// Shared by the forum tests: the forum settings pointing at a fake, and signed webhook deliveries.
import { createHmac } from 'node:crypto';
import type { FakeDiscourse } from '../../fakes/discourse.ts';

export const SECRET = 'forum-webhook-secret-0123';
export const REVIEW_CATEGORY = 9;
export const AIRLOCK_USER = 'airlock';

export const forumEnv = (fake: FakeDiscourse, extra: Record<string, string> = {}) => ({
  DISCOURSE_URL: fake.url,
  DISCOURSE_API_KEY: fake.apiKey,
  DISCOURSE_WEBHOOK_SECRET: SECRET,
  DISCOURSE_REVIEW_CATEGORY: String(REVIEW_CATEGORY),
  DISCOURSE_USERNAME: AIRLOCK_USER,
  ...extra,
});

let nextEvent = 900_000;

/** POSTs a body to /forum/webhooks, signed with `secret` unless told otherwise. */
export async function sendWebhook(
  baseUrl: string,
  payload: unknown,
  opts: {
    secret?: string;
    signature?: string | null;
    eventId?: string;
    event?: string;
    raw?: string;
  } = {},
) {
  const body = opts.raw ?? JSON.stringify(payload);
  const signature =
    opts.signature === undefined
      ? `sha256=${createHmac('sha256', opts.secret ?? SECRET)
          .update(body)
          .digest('hex')}`
      : opts.signature;
  const eventId = opts.eventId ?? String(nextEvent++);
  const res = await fetch(`${baseUrl}/forum/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-discourse-event-id': eventId,
      'x-discourse-event-type': 'post',
      'x-discourse-event': opts.event ?? 'post_created',
      ...(signature === null ? {} : { 'x-discourse-event-signature': signature }),
    },
    body,
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: webhook answers are asserted field by field
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json, eventId };
}

/** A post_created payload as Discourse sends it (the fields Airlock reads, and a few it does not). */
export function postPayload(p: {
  id: number;
  username: string;
  raw: string;
  topicId?: number;
  postNumber?: number;
  categoryId?: number | null;
  title?: string;
  replyTo?: number | null;
  archetype?: string;
}) {
  return {
    post: {
      id: p.id,
      name: p.username,
      username: p.username,
      avatar_template: '/letter_avatar/x/{size}/1.png',
      created_at: new Date().toISOString(),
      cooked: `<p>${p.raw}</p>`,
      raw: p.raw,
      post_number: p.postNumber ?? 1,
      post_type: 1,
      reply_to_post_number: p.replyTo ?? null,
      topic_id: p.topicId ?? 5000 + p.id,
      topic_title: p.title ?? 'A question for the bots',
      topic_archetype: p.archetype ?? 'regular',
      category_id: p.categoryId === undefined ? 4 : p.categoryId,
      user_id: 42,
    },
  };
}
