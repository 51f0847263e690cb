// Public surface of the Discord adapter: `createDiscordPlatform(config)`, the command definition for
// `airlock discord register`, and the interactions path.
import { Routes } from 'discord-api-types/v10';
import type { Agent } from '../../governance/model.ts';
import type { Platform, PlatformAdapter } from '../platform.ts';
import { airlockCommand } from './commands.ts';
import { createGatewayClient } from './inbound/gateway.ts';
import { createInteractionsHandler } from './inbound/handler.ts';
import { createInteractions } from './inbound/interactions.ts';
import { createPublisher } from './outbound/publish.ts';
import { createReviews } from './outbound/review.ts';
import { call, createRest } from './rest.ts';
import { type DiscordPlatformConfig, PLATFORM } from './types.ts';

export { airlockCommand } from './commands.ts';
export { INTERACTIONS_PATH } from './inbound/handler.ts';
export { nonceFor } from './outbound/publish.ts';
export type { DiscordPlatformConfig } from './types.ts';

/** Discord accepts 2,000 characters in a message's content. */
export const DISCORD_MAX_TEXT = 2000;

export function createDiscordPlatform(config: DiscordPlatformConfig): PlatformAdapter & {
  /** Resolves when late interaction answers (deferred work) have been sent; for tests and shutdown. */
  settled(): Promise<void>;
} {
  const rest = createRest({
    token: config.botToken,
    apiUrl: config.apiUrl ?? null,
    ...(config.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: config.maxRateLimitWaitMs }),
    ...(config.requestTimeoutMs === undefined ? {} : { timeoutMs: config.requestTimeoutMs }),
  });
  const publisher = createPublisher(rest, {
    publishAs: config.publishAs ?? 'webhook',
    applicationId: config.applicationId,
  });
  const reviews = createReviews(rest, publisher, config.reviewChannel);

  // The agent's name and avatar for the post; a lookup failure only costs the name.
  const agentOf = async (actionId: string): Promise<Agent | null> => {
    try {
      return (await config.gateway().reviewCard(actionId)).agent;
    } catch {
      return null;
    }
  };

  const platform: Platform = {
    name: PLATFORM,
    maxTextLength: DISCORD_MAX_TEXT,
    publish: async (input) => publisher.publish(input, await agentOf(input.action.id)),
    retract: (action, ref) => publisher.retract(action, ref),
    requestReview: (card) => reviews.requestReview(card),
    updateReview: (card) => reviews.updateReview(card),
    notifyRequester: (notice) => reviews.notifyRequester(notice),
    postDigest: (post) => reviews.postDigest(post),
  };
  const interactions = createInteractions(config.gateway);
  const inbound = createInteractionsHandler({
    publicKey: config.publicKey,
    applicationId: config.applicationId,
    rest,
    now: config.now,
    freshnessMs: config.freshnessMs ?? 5 * 60_000,
    deferAfterMs: config.deferAfterMs ?? 2_000,
    log: config.log,
    run: (i) => interactions.run(i),
  });
  const mentions = config.gatewayClient
    ? createGatewayClient({
        token: config.botToken,
        rest: rest.bot,
        gateway: config.gateway,
        log: config.log,
      })
    : null;
  return {
    platform,
    inbound,
    settled: async () => {
      await inbound.settled();
      await mentions?.settled();
    },
    ...(mentions ? { start: () => mentions.start() } : {}),
    stop: async () => {
      await mentions?.stop();
      await inbound.settled();
    },
  };
}

/** PUT the /airlock command (global, or to one guild: immediate, good for trying it out). */
export async function registerCommands(opts: {
  applicationId: string;
  botToken: string;
  apiUrl?: string | null;
  guildId?: string | null;
}): Promise<Array<{ id: string; name: string }>> {
  const rest = createRest({ token: opts.botToken, apiUrl: opts.apiUrl ?? null });
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  return call('register commands', () => rest.bot.put(route, { body: [airlockCommand()] }));
}
