// Slack's three kinds of request on one path: Events API (JSON), interactions (form field `payload`
// holding JSON) and slash commands (form fields). Parsed once, after the signature check.
import { z } from 'zod';
import type { SlackResult } from '../client.ts';

/**
 * `team` is the installation the message came through: the workspace (team) id, or the enterprise id of an
 * organisation-wide install; null when Slack did not say. Several-workspace mode picks the token by it.
 */
export type SlackInbound =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; eventId: string; event: SlackResult; botUserId: string | null; team: string | null }
  | { kind: 'interaction'; payload: SlackResult; team: string | null }
  | {
      kind: 'command';
      command: string;
      text: string;
      userId: string;
      channelId: string;
      triggerId: string;
      team: string | null;
    }
  | { kind: 'unknown'; why: string }
  /** Signed by Slack, yet not the shape the handlers read: 400 naming the field. */
  | { kind: 'invalid'; field: string; message: string };

// What the handlers read, with its types (everything else passes through untouched). Signed requests come
// from Slack, but a signature proves who sent it, not that every field has the type we expect.
const obj = z.looseObject({});
const idObject = z.looseObject({ id: z.string().optional() });
const eventsBody = z.looseObject({
  type: z.string().optional(),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  event: obj.optional(),
  authorizations: z.array(z.looseObject({ user_id: z.string().optional() })).optional(),
});
const interactionPayload = z.looseObject({
  type: z.string(),
  user: idObject.optional(),
  team: idObject.nullish(),
  enterprise: idObject.nullish(),
  channel: idObject.nullish(),
  container: z
    .looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional() })
    .optional(),
  message: z.looseObject({ ts: z.string().optional() }).optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().optional(),
        block_id: z.string().optional(),
        value: z.string().optional(),
      }),
    )
    .optional(),
  view: z
    .looseObject({
      id: z.string().optional(),
      callback_id: z.string().optional(),
      private_metadata: z.string().optional(),
      state: z.looseObject({ values: z.record(z.string(), z.unknown()).optional() }).optional(),
    })
    .optional(),
});

function checked(
  schema: z.ZodType,
  value: unknown,
  where: string,
): { kind: 'invalid'; field: string; message: string } | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const field = [where, ...(issue?.path ?? [])].join('.');
  return { kind: 'invalid', field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

/** An interaction payload (HTTP form field `payload`, or a Socket Mode envelope's payload). */
export function parseInteraction(payload: unknown): SlackInbound {
  const bad = checked(interactionPayload, payload, 'payload');
  if (bad) return bad;
  const p = payload as SlackResult;
  return { kind: 'interaction', payload: p, team: interactionTeam(p) };
}

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The installation an interaction came through (an org-wide install is keyed by its enterprise). */
export function interactionTeam(p: SlackResult): string | null {
  if (p['is_enterprise_install'] === true) return nonEmpty(p['enterprise']?.id) ?? nonEmpty(p['team']?.id);
  return nonEmpty(p['team']?.id) ?? nonEmpty(p['user']?.team_id);
}

export function parseSlack(contentType: string | undefined, raw: Buffer): SlackInbound {
  const body = raw.toString('utf8');
  if ((contentType ?? '').includes('application/json')) {
    let json: SlackResult;
    try {
      json = JSON.parse(body) as SlackResult;
    } catch {
      return { kind: 'unknown', why: 'body is not JSON' };
    }
    return parseEventsApi(json);
  }
  const form = new URLSearchParams(body);
  const payload = form.get('payload');
  if (payload !== null) {
    try {
      return parseInteraction(JSON.parse(payload));
    } catch {
      return { kind: 'unknown', why: 'payload is not JSON' };
    }
  }
  if (form.get('command')) return parseCommand(Object.fromEntries(form));
  return { kind: 'unknown', why: 'neither an event, an interaction nor a command' };
}

/** An Events API body (HTTP JSON, or a Socket Mode `events_api` envelope's payload). */
export function parseEventsApi(body: unknown): SlackInbound {
  const bad = checked(eventsBody, body, 'body');
  if (bad) return bad;
  const json = body as SlackResult;
  if (json['type'] === 'url_verification') return { kind: 'challenge', challenge: String(json['challenge']) };
  if (json['type'] === 'event_callback' && json['event'] && typeof json['event'] === 'object') {
    const orgWide =
      json['is_enterprise_install'] === true || json['authorizations']?.[0]?.is_enterprise_install === true;
    return {
      kind: 'event',
      eventId: String(json['event_id'] ?? ''),
      event: json['event'] as SlackResult,
      botUserId: json['authorizations']?.[0]?.user_id ?? null,
      team: orgWide
        ? (nonEmpty(json['enterprise_id']) ?? nonEmpty(json['team_id']))
        : nonEmpty(json['team_id']),
    };
  }
  return { kind: 'unknown', why: `unhandled JSON type ${String(json['type'])}` };
}

/** Slash command fields (HTTP form, or a Socket Mode `slash_commands` envelope's payload). */
export function parseCommand(fields: Record<string, unknown>): SlackInbound {
  const str = (k: string): string => (typeof fields[k] === 'string' ? (fields[k] as string) : '');
  if (!str('command')) return { kind: 'unknown', why: 'a slash command without a command' };
  return {
    kind: 'command',
    command: str('command'),
    text: str('text'),
    userId: str('user_id'),
    channelId: str('channel_id'),
    triggerId: str('trigger_id'),
    team:
      str('is_enterprise_install') === 'true'
        ? str('enterprise_id') || str('team_id') || null
        : str('team_id') || null,
  };
}

/** User ids mentioned as `<@U123>` or `<@U123|name>`. */
export const mentions = (text: string): string[] =>
  [...text.matchAll(/<@([UWB][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string);

/** The text without mentions, for finding a named agent. */
export const withoutMentions = (text: string): string => text.replace(/<@[UWB][A-Z0-9]+(?:\|[^>]*)?>/g, ' ');
