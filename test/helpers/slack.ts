// Signs requests the way Slack does (v0 HMAC-SHA256 over `v0:timestamp:body`) and sends them to a real
// Airlock's /slack/events.
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const BOT_USER = 'U0AIRLOCK';

export function slackHeaders(
  body: string,
  opts: { secret?: string; at?: number; contentType?: string } = {},
): Record<string, string> {
  const ts = Math.floor((opts.at ?? Date.now()) / 1000);
  const sig = createHmac('sha256', opts.secret ?? SIGNING_SECRET)
    .update(`v0:${ts}:${body}`)
    .digest('hex');
  return {
    'content-type': opts.contentType ?? 'application/json',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${sig}`,
  };
}

export interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
  body: any;
}

export async function send(url: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // plain text
  }
  return { status: res.status, body: parsed };
}

export const eventBody = (eventId: string, event: Record<string, unknown>): string =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'T0TEAM',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ user_id: BOT_USER, is_bot: true }],
    event,
  });

export const interactionBody = (payload: Record<string, unknown>): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export const commandBody = (fields: Record<string, string>): string =>
  new URLSearchParams({ command: '/airlock', ...fields }).toString();

export const FORM = 'application/x-www-form-urlencoded';

/** Sends a signed request. */
export async function sendSigned(
  url: string,
  body: string,
  opts: { contentType?: string; at?: number; secret?: string; headers?: Record<string, string> } = {},
): Promise<Sent> {
  return send(url, body, { ...slackHeaders(body, opts), ...opts.headers });
}
