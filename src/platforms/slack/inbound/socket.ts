// Socket Mode: for development behind a firewall, Slack delivers events, interactions and slash
// commands over a WebSocket the app opens (apps.connections.open with the app-level token) instead of
// POSTing to /slack/events. @slack/socket-mode keeps the connection (hello, ping/pong, Slack's
// periodic "disconnect" and reconnects); each envelope goes through the same dispatcher as HTTP, and
// is acknowledged only after it was handled, so an envelope that failed is redelivered by Slack.
// The WebSocket itself is the authentication (the app token opened it), so there is no signature.
import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import type { SlackResult } from '../client.ts';
import type { InboundLog } from './context.ts';
import type { SlackDispatch } from './handler.ts';
import { interactionTeam, parseCommand, parseEventsApi, type SlackInbound } from './parse.ts';

export interface SocketModeConfig {
  appToken: string;
  /** Web API base (apps.connections.open is called there). */
  apiUrl: string;
  dispatch: SlackDispatch;
  log: InboundLog & { info?(obj: object, msg: string): void };
  /** First and longest wait between failed connection attempts. */
  retryMs?: { first: number; max: number };
}

export interface SocketMode {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True between Slack's `hello` and a disconnect. */
  connected(): boolean;
}

/** An envelope's payload as the dispatcher's message; null for envelope types Airlock does not handle. */
export function envelopeMessage(type: string, body: unknown): SlackInbound | null {
  if (!body || typeof body !== 'object')
    return { kind: 'unknown', why: `${type} envelope without a payload` };
  const payload = body as SlackResult;
  switch (type) {
    case 'events_api':
      return parseEventsApi(payload);
    case 'interactive':
      return { kind: 'interaction', payload, team: interactionTeam(payload) };
    case 'slash_commands':
      return parseCommand(payload);
    default:
      return null;
  }
}

export function createSocketMode(config: SocketModeConfig): SocketMode {
  const client = new SocketModeClient({
    appToken: config.appToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 } },
  });
  const { first, max } = config.retryMs ?? { first: 1000, max: 60_000 };
  let isConnected = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | null = null;

  client.on('connected', () => {
    isConnected = true;
    config.log.info?.({}, 'slack socket mode connected');
  });
  client.on('disconnected', () => {
    isConnected = false;
  });
  client.on(
    'slack_event',
    async (e: {
      ack: (response?: Record<string, unknown>) => Promise<void>;
      type: string;
      body: unknown;
    }) => {
      const msg = envelopeMessage(e.type, e.body);
      if (msg === null) {
        await e.ack().catch(() => undefined);
        return;
      }
      let res: Awaited<ReturnType<SlackDispatch>>;
      try {
        res = await config.dispatch(msg);
      } catch (err) {
        config.log.warn({ err, type: e.type }, 'slack socket mode: envelope failed; Slack will redeliver it');
        return;
      }
      // Not acknowledged: Slack redelivers (as it retries a 503 over HTTP).
      if (res.status >= 500) return;
      const payload = res.status === 200 && res.body && typeof res.body === 'object' ? res.body : undefined;
      // Events take a bare ack; interactions and commands may answer with a payload (ephemeral text,
      // modal errors), as their HTTP response body would.
      await e
        .ack(msg.kind === 'event' || msg.kind === 'challenge' ? undefined : payload)
        .catch((err) => config.log.warn({ err }, 'slack socket mode: could not acknowledge an envelope'));
    },
  );

  const connect = (wait: number): void => {
    if (stopped) return;
    attempt = client
      .start()
      .then(() => undefined)
      .catch((err: unknown) => {
        if (stopped) return;
        const code = (err as { data?: { error?: string } }).data?.error;
        const hint =
          code === 'invalid_auth' || code === 'not_authed'
            ? 'SLACK_APP_TOKEN was refused (an app-level token xapp-… with connections:write is needed)'
            : 'Slack is unreachable';
        config.log.warn({ err, retryInMs: wait }, `slack socket mode: ${hint}; retrying`);
        timer = setTimeout(() => connect(Math.min(max, wait * 2)), wait);
        timer.unref();
      });
  };

  return {
    async start() {
      // Startup never waits on Slack: the connection is made (and retried) in the background.
      stopped = false;
      connect(first);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Not awaiting a pending attempt: the library's own reconnect wait never settles once stopped.
      void attempt;
      await client.disconnect().catch(() => undefined);
      isConnected = false;
    },
    connected: () => isConnected,
  };
}
