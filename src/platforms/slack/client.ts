// The Slack Web API as the adapter uses it: one WebClient (bot token, base URL injectable), Slack's
// failures mapped to PlatformError, and a per-channel queue that honours 429 Retry-After.
import { webApi } from '@slack/bolt';
import { PlatformError } from '../platform.ts';

export type SlackArgs = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: Slack responses are read field by field and checked
export type SlackResult = Record<string, any>;

export interface SlackApi {
  /** Calls a Web API method; throws PlatformError. Calls naming a `channel` queue behind that channel. */
  call(method: string, args: SlackArgs): Promise<SlackResult>;
}

export interface SlackApiOptions {
  token: string;
  apiUrl: string;
  /** How many 429s in a row one call waits out before giving up with a retryable error. */
  maxRateLimitWaits?: number;
  /** Longest Retry-After the queue waits in process; longer is handed back to the pipeline's retry. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Slack error codes worth retrying: the request may succeed later unchanged. */
const RETRYABLE = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export function toPlatformError(method: string, e: unknown): PlatformError {
  const err = e as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  if (err.code === 'slack_webapi_rate_limited_error') {
    return new PlatformError('slack', 'rate_limited', `Slack ${method}: rate limited`, {
      retryable: true,
      retryAfterMs: (err.retryAfter ?? 1) * 1000,
      status: 429,
      cause: e,
    });
  }
  if (err.code === 'slack_webapi_platform_error') {
    const code = err.data?.error ?? 'unknown_error';
    return new PlatformError('slack', code, `Slack ${method}: ${code}`, {
      retryable: RETRYABLE.has(code),
      cause: e,
    });
  }
  if (err.code === 'slack_webapi_http_error') {
    const status = err.statusCode ?? 500;
    return PlatformError.fromStatus('slack', status, `http_${status}`, `Slack ${method}: HTTP ${status}`);
  }
  // Network failures and timeouts: Slack may be fine in a moment.
  return new PlatformError('slack', 'unreachable', `Slack ${method}: ${err.message ?? String(e)}`, {
    retryable: true,
    cause: e,
  });
}

export function createSlackApi(opts: SlackApiOptions): SlackApi {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    // Retries are ours: the per-channel queue waits out 429s, the pipeline retries the rest.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
    timeout: 10_000,
  });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWaits = opts.maxRateLimitWaits ?? 3;
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  const queues = new Map<string, Promise<unknown>>();

  const once = async (method: string, args: SlackArgs): Promise<SlackResult> => {
    for (let waits = 0; ; waits++) {
      try {
        return (await client.apiCall(method, args)) as SlackResult;
      } catch (e) {
        const err = toPlatformError(method, e);
        const wait = err.retryAfterMs ?? 0;
        if (err.code !== 'rate_limited' || waits >= maxWaits || wait > maxWaitMs) throw err;
        await sleep(wait);
      }
    }
  };

  return {
    call(method, args) {
      const channel = typeof args['channel'] === 'string' ? args['channel'] : null;
      if (!channel) return once(method, args);
      // One call at a time per channel, in order: Slack's limits are per channel, and a 429 holds the line.
      const prev = queues.get(channel) ?? Promise.resolve();
      const next = prev.then(
        () => once(method, args),
        () => once(method, args),
      );
      const tail = next.catch(() => undefined);
      queues.set(channel, tail);
      void tail.then(() => {
        if (queues.get(channel) === tail) queues.delete(channel);
      });
      return next;
    },
  };
}
