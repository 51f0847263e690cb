// Public surface of the Slack platform: `createSlackPlatform(config)`. Outbound: publish as the agent,
// review cards, requester notices, digest, read side. Inbound: /slack/events (events, interactions and
// slash commands on one path), verified with the signing secret.
import type { Agent } from '../../governance/model.ts';
import type { LazyGateway, Platform, PlatformAdapter } from '../platform.ts';
import { createSlackApi, type SlackApi } from './client.ts';
import type { InboundLog } from './inbound/context.ts';
import { createDispatcher, createInboundHandler } from './inbound/handler.ts';
import { createSocketMode } from './inbound/socket.ts';
import { createVerifier } from './inbound/verify.ts';
import { requestReview, updateReview } from './outbound/card.ts';
import { notifyRequester } from './outbound/notice.ts';
import { publish, retract } from './outbound/publish.ts';
import { listChannels, readThread } from './outbound/read.ts';
import { digestBlocks } from './render/digest.ts';

export { SLACK_EVENTS_PATH } from './inbound/handler.ts';
export { HANDLED_EVENTS } from './inbound/events.ts';

export interface SlackPlatformConfig {
  botToken: string;
  /** Verifies POSTs to /slack/events; without it /slack/events is not mounted (Socket Mode only). */
  signingSecret: string | null;
  /** App-level token (xapp-…): Socket Mode, for development behind a firewall. */
  appToken?: string | null;
  /** Web API base, e.g. `https://slack.com/api/` (a fake in tests). */
  apiUrl: string;
  reviewChannel: string | null;
  reviewChannels?: Record<string, string>;
  gateway: LazyGateway;
  /** The agent's display name by id (the publish input names only the id). Injected by main.ts. */
  agentName?: (agentId: string) => Promise<string | null>;
  now: () => Date;
  log?: InboundLog & { info?(obj: object, msg: string): void };
  /** For tests: how the per-channel queue waits out a 429. */
  sleep?: (ms: number) => Promise<void>;
}

/** Slack accepts 40,000 characters; a post is split into 3,000-character sections, at most 12 of them. */
const MAX_TEXT = 36_000;

export function createSlackPlatform(config: SlackPlatformConfig): PlatformAdapter {
  const api: SlackApi = createSlackApi({
    token: config.botToken,
    apiUrl: config.apiUrl,
    ...(config.sleep ? { sleep: config.sleep } : {}),
  });
  const log = config.log ?? { warn: () => {} };
  const agentNames = new Map<string, string>();
  const rememberAgent = (a: Agent) => agentNames.set(a.id, a.name);
  const cardDeps = { api, reviewChannel: config.reviewChannel, reviewChannels: config.reviewChannels ?? {} };

  const platform: Platform = {
    name: 'slack',
    maxTextLength: MAX_TEXT,
    publish: async (input) => {
      const id = input.action.agentId;
      if (!agentNames.has(id)) {
        const name = await config.agentName?.(id);
        if (name) agentNames.set(id, name);
      }
      return publish(
        {
          api,
          agentName: (a) => agentNames.get(a) ?? 'Airlock agent',
          fallbackChannel: config.reviewChannel,
        },
        input,
      );
    },
    retract: (_action, ref) => retract(api, ref),
    requestReview: (card) => {
      rememberAgent(card.agent);
      return requestReview(cardDeps, card);
    },
    updateReview: (card) => {
      rememberAgent(card.agent);
      return updateReview(cardDeps, card);
    },
    notifyRequester: (notice) => {
      rememberAgent(notice.agent);
      return notifyRequester(api, notice);
    },
    postDigest: async ({ digest, channel }) => {
      const to = channel ?? config.reviewChannel;
      if (!to) return null;
      const { text, blocks } = digestBlocks(digest);
      const res = await api.call('chat.postMessage', { channel: to, text, blocks });
      return { id: String(res['ts']), channel: to };
    },
    readThread: (channel, thread) => readThread(api, channel, thread),
    listChannels: () => listChannels(api),
  };

  const dispatch = createDispatcher({ gateway: config.gateway, api, log, rememberAgent });
  const inbound = config.signingSecret
    ? createInboundHandler(dispatch, createVerifier(config.signingSecret, config.now))
    : undefined;
  const socket = config.appToken
    ? createSocketMode({ appToken: config.appToken, apiUrl: config.apiUrl, dispatch, log })
    : null;
  return {
    platform,
    inbound,
    ...(socket ? { start: () => socket.start(), stop: () => socket.stop() } : {}),
  };
}
