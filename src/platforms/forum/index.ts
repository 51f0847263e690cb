// Public surface of the Discourse forum adapter: `createForumPlatform(config)` and the webhook path.
import type { Agent } from '../../governance/model.ts';
import type { Platform, PlatformAdapter } from '../platform.ts';
import { PlatformError } from '../platform.ts';
import { createForumApi } from './api.ts';
import { createWebhookHandler } from './inbound/handler.ts';
import { createPublisher } from './outbound/publish.ts';
import { createReviews } from './outbound/review.ts';
import { FORUM_MAX_TEXT, type ForumPlatformConfig, PLATFORM } from './types.ts';

export { WEBHOOK_PATH } from './inbound/handler.ts';
export { signatureOf } from './inbound/verify.ts';
export { FORUM_MAX_TEXT, type ForumPlatformConfig } from './types.ts';

export function createForumPlatform(config: ForumPlatformConfig): PlatformAdapter {
  const api = createForumApi({
    url: config.url,
    apiKey: config.apiKey,
    now: config.now,
    ...(config.requestTimeoutMs === undefined ? {} : { timeoutMs: config.requestTimeoutMs }),
    ...(config.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: config.maxRateLimitWaitMs }),
  });
  const publisher = createPublisher(api);
  const reviews = createReviews(api, {
    username: config.username,
    reviewCategory: config.reviewCategory,
    reviewVia: config.reviewVia ?? null,
  });

  // The agent (its forum user and name) of an action; the post cannot be made without it.
  const agentOf = async (actionId: string): Promise<Agent> => {
    try {
      return (await config.gateway().reviewCard(actionId)).agent;
    } catch (e) {
      throw new PlatformError(PLATFORM, 'no_agent', `cannot look up the agent of ${actionId}`, {
        retryable: true,
        cause: e,
      });
    }
  };

  const platform: Platform = {
    name: PLATFORM,
    maxTextLength: FORUM_MAX_TEXT,
    publish: async (input) => publisher.publish(input, await agentOf(input.action.id)),
    retract: (action, ref) => publisher.retract(action, ref, config.username),
    requestReview: (card) => reviews.requestReview(card),
    updateReview: (card) => reviews.updateReview(card),
    notifyRequester: (notice) => reviews.notifyRequester(notice),
    postDigest: (post) => reviews.postDigest(post),
  };
  const inbound = createWebhookHandler({
    secret: config.webhookSecret,
    username: config.username,
    reviewCategory: config.reviewCategory,
    api,
    gateway: config.gateway,
    log: config.log,
  });
  return { platform, inbound };
}
