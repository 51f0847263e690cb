// Configuration and shared plumbing types of the Discord adapter.
import type { LazyGateway } from '../platform.ts';

export interface DiscordLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  info?(obj: Record<string, unknown>, msg: string): void;
}

export interface DiscordPlatformConfig {
  applicationId: string;
  /** The application's Ed25519 public key, hex (General Information page). */
  publicKey: string;
  botToken: string;
  /** Channel id for review cards; null: Discord holds are reviewed in the console only. */
  reviewChannel: string | null;
  /** API base, e.g. `https://discord.com/api` (the default); tests point it at a fake. */
  apiUrl?: string | null;
  /** Post agents' messages through a channel webhook with the agent's name (default), or as the bot. */
  publishAs?: 'webhook' | 'bot';
  gateway: LazyGateway;
  now: () => Date;
  log?: DiscordLog;
  /** How old a signed interaction may be (default 5 minutes). */
  freshnessMs?: number;
  /** How long an interaction's work may run before the answer is deferred (default 2,000 ms; Discord allows 3 s). */
  deferAfterMs?: number;
  /** Rate-limit waits longer than this become a retryable PlatformError instead of a sleep (default 5 s). */
  maxRateLimitWaitMs?: number;
  /** A Discord call that has not answered by then is abandoned (default 10 s). */
  requestTimeoutMs?: number;
  /** Connect to the Gateway for mentions of agents (DISCORD_GATEWAY; needs the Message Content intent). */
  gatewayClient?: boolean;
}

export const PLATFORM = 'discord';
