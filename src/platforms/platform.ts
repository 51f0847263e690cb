// What every platform adapter shares. A platform (Slack, Discord, the forum, the local console) has one
// shape: `create<X>Platform(config)` returning a `PlatformAdapter`: the domain's `Platform` port
// (outbound: publish, review card, requester notice, digest) and, for platforms that call us, an
// `InboundHandler` that verifies the raw request (signature, freshness, replay), parses it into an
// `InboundEvent`, calls the one `PlatformGateway` use case it maps to, and produces the platform's
// response. Adapters render and collect decisions; they decide nothing themselves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ActionView,
  PlatformDecision,
  PlatformGateway,
  PlatformRequestInput,
} from '../governance/gateway.ts';

export { PlatformError, isPlatformError } from '../governance/errors.ts';
export type {
  DecisionOutcome,
  DecisionVerb,
  PlatformDecision,
  PlatformGateway,
  PlatformRequestInput,
} from '../governance/gateway.ts';
export type {
  DigestPost,
  Platform,
  PlatformRef,
  PublishInput,
  RequesterEvent,
  RequesterNotice,
  ReviewCard,
  ReviewOutcome,
  TallyEntry,
  ThreadMessage,
} from '../governance/ports.ts';

/** The raw HTTP request as received, before any parsing: signatures cover the exact bytes. */
export interface InboundRequest {
  method: string;
  /** Path and query, e.g. `/slack/events`. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface InboundResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as JSON. */
  body?: string | Record<string, unknown>;
}

/** The inbound half of an adapter, mounted by the server at `path` (POST, raw body). */
export interface InboundHandler {
  readonly path: string;
  handle(req: InboundRequest): Promise<InboundResponse>;
}

/** What a platform webhook means, after the adapter verified its signature and parsed it. */
export type InboundEvent =
  | { type: 'request'; request: PlatformRequestInput }
  | { type: 'decision'; decision: PlatformDecision }
  /** A read-only command (`/airlock pending`, `status ID`, `help`, `digest`); rendered by the adapter. */
  | { type: 'command'; platform: string; platformUserId: string; command: string; args: string[] }
  /** Verified but nothing to do (a bot's own message, an unhandled event type). */
  | { type: 'ignored'; why: string };

/**
 * A page an adapter serves to people's browsers at GET `path` (Slack's "Add to Slack" install and its
 * OAuth redirect), on the raw Node request and response: the handler writes the whole response.
 */
export interface PageRoute {
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** What `create<X>Platform(config)` returns. `start`/`stop` run background work (socket mode, retries). */
export interface PlatformAdapter {
  platform: import('../governance/ports.ts').Platform;
  inbound?: InboundHandler | undefined;
  pages?: PageRoute[] | undefined;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * Adapters are created before the governance they call back into (governance needs the platforms map),
 * so they receive the gateway lazily.
 */
export type LazyGateway = () => PlatformGateway;

/** The one use-case call each inbound event maps to. Adapters call this and render the result. */
export async function applyInbound(
  gateway: PlatformGateway,
  event: Exclude<InboundEvent, { type: 'command' } | { type: 'ignored' }>,
) {
  if (event.type === 'request')
    return { type: 'request' as const, ...(await gateway.recordRequest(event.request)) };
  return { type: 'decision' as const, ...(await gateway.decide(event.decision)) };
}

export type { ActionView };
