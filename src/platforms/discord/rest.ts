// The REST client (discord.js's @discordjs/rest: per-route buckets, 429 waits, global limit) and the
// mapping of its errors onto PlatformError, so the pipeline can tell a retry from a refusal.
import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import { PlatformError } from '../platform.ts';
import { PLATFORM } from './types.ts';

export interface DiscordRest {
  /** Authenticated as the bot; retries 5xx and timeouts (used for idempotent or nonce-guarded calls). */
  bot: REST;
  /** Never retries by itself: webhook posts have no nonce, so a blind retry could post twice. */
  once: REST;
}

export function createRest(opts: {
  token: string;
  apiUrl?: string | null;
  maxRateLimitWaitMs?: number;
  timeoutMs?: number;
}) {
  const maxWait = opts.maxRateLimitWaitMs ?? 5_000;
  const base = {
    ...(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {}),
    version: '10',
    timeout: opts.timeoutMs ?? 10_000,
    // Short waits are slept through inside the client; long ones go back to the pipeline's retry.
    rejectOnRateLimit: (d: { retryAfter: number; timeToReset: number }) =>
      Math.max(d.retryAfter, 0) > maxWait,
  };
  const rest: DiscordRest = {
    bot: new REST({ ...base, retries: 2 }).setToken(opts.token),
    once: new REST({ ...base, retries: 0 }).setToken(opts.token),
  };
  return rest;
}

/** Any failure of a Discord call as a PlatformError: 429/5xx/network retryable, other 4xx permanent. */
export function toPlatformError(e: unknown, what: string): PlatformError {
  if (e instanceof PlatformError) return e;
  if (e instanceof RateLimitError) {
    return new PlatformError(PLATFORM, 'rate_limited', `${what}: Discord rate limit on ${e.route}`, {
      retryable: true,
      retryAfterMs: Math.max(e.retryAfter, e.timeToReset, 0),
      status: 429,
      cause: e,
    });
  }
  if (e instanceof DiscordAPIError) {
    return PlatformError.fromStatus(
      PLATFORM,
      e.status,
      String(e.code),
      `${what}: Discord answered ${e.status} (${e.code}): ${e.message}`,
    );
  }
  if (e instanceof HTTPError) {
    return PlatformError.fromStatus(
      PLATFORM,
      e.status,
      `http_${e.status}`,
      `${what}: Discord answered ${e.status}`,
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  return new PlatformError(PLATFORM, 'network', `${what}: cannot reach Discord: ${message}`, {
    retryable: true,
    cause: e,
  });
}

/** Runs a Discord call, rethrowing any failure as a PlatformError naming what was attempted. */
export async function call<T>(what: string, fn: () => Promise<unknown>): Promise<T> {
  try {
    return (await fn()) as T;
  } catch (e) {
    throw toPlatformError(e, what);
  }
}
