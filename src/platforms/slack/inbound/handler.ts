// The inbound half: a dispatcher that takes a parsed Slack message (event, interaction, command),
// de-duplicates Slack's retries, calls the one use case and answers; and the HTTP handler at
// /slack/events that verifies (signature, freshness, replay) and parses before dispatching. Socket
// Mode (./socket.ts) feeds the same dispatcher from its WebSocket envelopes.
import type { InboundHandler, InboundResponse } from '../../platform.ts';
import { handleCommand } from './commands.ts';
import type { Agent } from '../../../governance/model.ts';
import type { LazyGateway } from '../../platform.ts';
import type { Workspaces } from '../workspaces.ts';
import type { InboundContext, InboundLog } from './context.ts';
import { handleEvent } from './events.ts';
import { handleInteraction } from './interactions.ts';
import { parseSlack, type SlackInbound } from './parse.ts';
import type { Verifier } from './verify.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackDispatch = (msg: SlackInbound) => Promise<InboundResponse>;

export interface DispatcherDeps {
  gateway: LazyGateway;
  workspaces: Workspaces;
  log: InboundLog;
  rememberAgent(agent: Agent): void;
}

/** The context of one inbound message: the Web API as its workspace, resolved only when a call is made. */
export function contextFor(deps: DispatcherDeps, team: string | null): InboundContext {
  return {
    gateway: deps.gateway,
    log: deps.log,
    rememberAgent: deps.rememberAgent,
    api: { call: async (method, args) => (await deps.workspaces.apiFor(team)).call(method, args) },
    team,
    learn: (kind, key) => deps.workspaces.learn(kind, key, team),
    revokeWorkspace: async () => (team ? deps.workspaces.revoke(team) : false),
  };
}

export function createDispatcher(deps: DispatcherDeps): SlackDispatch {
  // Event ids handled by this process; the gateway de-duplicates across processes by event id too.
  const seenEvents = new Map<string, true>();
  const remember = (id: string) => {
    seenEvents.set(id, true);
    if (seenEvents.size > 5000) seenEvents.delete(seenEvents.keys().next().value as string);
  };
  return async (msg) => {
    switch (msg.kind) {
      case 'challenge':
        return { status: 200, body: { challenge: msg.challenge } };
      case 'event': {
        if (msg.eventId && seenEvents.has(msg.eventId))
          return { status: 200, body: { ok: true, duplicate: true } };
        try {
          const what = await handleEvent(contextFor(deps, msg.team), msg.eventId, msg.event, msg.botUserId);
          if (msg.eventId) remember(msg.eventId);
          return { status: 200, body: { ok: true, what } };
        } catch (e) {
          deps.log.warn({ err: e, eventId: msg.eventId }, 'slack event failed; Slack will retry');
          return { status: 503, body: { error: 'unavailable' } };
        }
      }
      case 'interaction':
        return handleInteraction(contextFor(deps, msg.team), msg.payload);
      case 'command':
        return handleCommand(contextFor(deps, msg.team), msg);
      case 'invalid':
        return {
          status: 400,
          body: { error: { code: 'invalid_input', field: msg.field, message: msg.message } },
        };
      default:
        return { status: 200, body: { ok: true, ignored: msg.why } };
    }
  };
}

export function createInboundHandler(dispatch: SlackDispatch, verifier: Verifier): InboundHandler {
  return {
    path: SLACK_EVENTS_PATH,
    async handle(req): Promise<InboundResponse> {
      const verdict = verifier.verify(req);
      if (!verdict.ok)
        return { status: verdict.status, body: { error: 'invalid_signature', message: verdict.why } };
      return dispatch(parseSlack(req.headers['content-type'], req.rawBody));
    },
  };
}
