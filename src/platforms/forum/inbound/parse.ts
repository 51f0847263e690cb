// What a verified webhook body means. Discourse sends `{ "post": {...} }` for post events; only the fields
// Airlock reads are checked (zod), and a bad body is a 400 naming the field. Reviewer replies in a review
// topic are parsed into a decision; posts mentioning an agent's forum user into requests.
import { z } from 'zod';

export const PostEvent = z.object({
  post: z.object({
    id: z.number().int().positive(),
    topic_id: z.number().int().positive(),
    post_number: z.number().int().positive(),
    username: z.string().min(1).max(100),
    name: z.string().max(256).nullish(),
    raw: z.string().max(200_000),
    reply_to_post_number: z.number().int().positive().nullish(),
    category_id: z.number().int().nonnegative().nullish(),
    topic_title: z.string().max(1000).nullish(),
    topic_archetype: z.string().max(64).nullish(),
    post_type: z.number().int().nullish(),
    deleted_at: z.string().nullish(),
  }),
});
export type ForumPostEvent = z.infer<typeof PostEvent>['post'];

export type ReviewCommand =
  | { verb: 'approve' }
  | { verb: 'reject'; reason: string | null }
  | { verb: 'edit'; text: string }
  | { verb: 'release' }
  | { verb: 'discard' };

/**
 * A reply's command, from its first line: `approve`, `reject` or `reject: reason`, `edit:` followed by the
 * text (on the same line or the next ones); for requesters `let it post` or `discard`. Anything else is
 * conversation and decides nothing.
 */
export function parseCommand(raw: string): ReviewCommand | null {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  if (/^approve[.!]?$/i.test(first)) return { verb: 'approve' };
  const reject = /^reject\b\s*:?\s*(.*)$/i.exec(first);
  if (reject) {
    const reason = [reject[1] ?? '', rest].join('\n').trim();
    return { verb: 'reject', reason: reason || null };
  }
  const edit = /^edit\s*:\s?(.*)$/i.exec(first);
  if (edit) {
    const inline = (edit[1] ?? '').trim();
    const body = (inline ? `${inline}${rest ? `\n${rest}` : ''}` : rest).replace(/^\n+/, '').trimEnd();
    return body.trim() ? { verb: 'edit', text: body } : null;
  }
  if (/^let it post[.!]?$/i.test(first)) return { verb: 'release' };
  if (/^discard[.!]?$/i.test(first)) return { verb: 'discard' };
  return null;
}

/** Forum usernames mentioned (`@name`) outside code, as written, in order, without repeats (any case). */
export function mentionsIn(raw: string): string[] {
  const text = raw.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const out: string[] = [];
  for (const m of text.matchAll(/(^|[^\w@/.])@([\w][\w.-]{0,59})/g)) {
    const name = m[2]!.replace(/[.-]+$/, '');
    if (name && !out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}
