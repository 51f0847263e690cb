// The inbound half at /slack/events: verify (signature, freshness, replay), parse, de-duplicate Slack's
// retries, call the one use case, answer Slack.
import type { InboundHandler, InboundResponse } from '../../platform.ts';
import { handleCommand } from './commands.ts';
import type { InboundContext } from './context.ts';
import { handleEvent } from './events.ts';
import { handleInteraction } from './interactions.ts';
import { parseSlack } from './parse.ts';
import type { Verifier } from './verify.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export function createInboundHandler(ctx: InboundContext, verifier: Verifier): InboundHandler {
  // Event ids handled by this process; the gateway de-duplicates across processes by event id too.
  const seenEvents = new Map<string, true>();
  const remember = (id: string) => {
    seenEvents.set(id, true);
    if (seenEvents.size > 5000) seenEvents.delete(seenEvents.keys().next().value as string);
  };
  return {
    path: SLACK_EVENTS_PATH,
    async handle(req): Promise<InboundResponse> {
      const verdict = verifier.verify(req);
      if (!verdict.ok)
        return { status: verdict.status, body: { error: 'invalid_signature', message: verdict.why } };
      const msg = parseSlack(req.headers['content-type'], req.rawBody);
      switch (msg.kind) {
        case 'challenge':
          return { status: 200, body: { challenge: msg.challenge } };
        case 'event': {
          if (msg.eventId && seenEvents.has(msg.eventId))
            return { status: 200, body: { ok: true, duplicate: true } };
          try {
            const what = await handleEvent(ctx, msg.eventId, msg.event, msg.botUserId);
            if (msg.eventId) remember(msg.eventId);
            return { status: 200, body: { ok: true, what } };
          } catch (e) {
            ctx.log.warn({ err: e, eventId: msg.eventId }, 'slack event failed; Slack will retry');
            return { status: 503, body: { error: 'unavailable' } };
          }
        }
        case 'interaction':
          return handleInteraction(ctx, msg.payload);
        case 'command':
          return handleCommand(ctx, msg);
        default:
          return { status: 200, body: { ok: true, ignored: msg.why } };
      }
    },
  };
}
