// Public surface of the Slack platform: `createSlackPlatform(config)`. Outbound: publish as the agent,
// review cards, requester notices, digest, read side. Inbound: /slack/events (events, interactions and
// slash commands on one path), verified with the signing secret. One workspace (a bot token) or several
// ("Add to Slack" at /slack/install, tokens sealed in the database; see ./workspaces.ts for which
// workspace a call goes to).
import type { Action, Agent } from '../../governance/model.ts';
import type { SecretBox } from '../../secret-box.ts';
import type { LazyGateway, Platform, PlatformAdapter, PlatformRef } from '../platform.ts';
import type { InboundLog } from './inbound/context.ts';
import { createDispatcher, createInboundHandler } from './inbound/handler.ts';
import { createSocketMode } from './inbound/socket.ts';
import { createVerifier } from './inbound/verify.ts';
import { requestReview, updateReview } from './outbound/card.ts';
import { notifyRequester } from './outbound/notice.ts';
import { publish, retract } from './outbound/publish.ts';
import { listChannels, readThread } from './outbound/read.ts';
import { digestBlocks } from './render/digest.ts';
import type { SlackInstallationRepo } from './installations.ts';
import { createSlackInstaller, INSTALL_PATH, REDIRECT_PATH } from './oauth.ts';
import { installedWorkspaces, singleWorkspace, type Workspaces } from './workspaces.ts';

export { SLACK_EVENTS_PATH } from './inbound/handler.ts';
export { HANDLED_EVENTS } from './inbound/events.ts';
export type { SlackInstallationRepo } from './installations.ts';
export { INSTALL_PATH, REDIRECT_PATH } from './oauth.ts';

export interface SlackPlatformConfig {
  /** One workspace: its bot token. Null with `oauth` (several workspaces). */
  botToken: string | null;
  /**
   * Several workspaces: the app's OAuth credentials, where installations are kept, the box their tokens
   * are sealed with, and the public URL Slack redirects the installing browser back to.
   */
  oauth?: {
    clientId: string;
    clientSecret: string;
    installations: SlackInstallationRepo;
    box: SecretBox;
    /** Signs the install `state` (HMAC); derived from the encryption key by main.ts. */
    stateSecret: Buffer;
    publicUrl: string;
  } | null;
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

/** The workspace Airlock wrote a ref in (several workspaces), so updates and deletes use its token. */
const teamOfRef = (ref: PlatformRef | null | undefined): string | null =>
  typeof ref?.data?.['team'] === 'string' ? ref.data['team'] : null;

const withTeam = (ref: PlatformRef | null, team: string | null): PlatformRef | null =>
  ref && team ? { ...ref, data: { ...ref.data, team } } : ref;

export function createSlackPlatform(config: SlackPlatformConfig): PlatformAdapter {
  const wsOpts = { apiUrl: config.apiUrl, now: config.now, ...(config.sleep ? { sleep: config.sleep } : {}) };
  let workspaces: Workspaces;
  if (config.oauth) workspaces = installedWorkspaces(config.oauth.installations, config.oauth.box, wsOpts);
  else if (config.botToken) workspaces = singleWorkspace(config.botToken, wsOpts);
  else throw new Error('Slack needs a bot token (one workspace) or OAuth settings (several workspaces)');
  const log = config.log ?? { warn: () => {} };
  const agentNames = new Map<string, string>();
  const rememberAgent = (a: Agent) => agentNames.set(a.id, a.name);
  const reviewChannels = config.reviewChannels ?? {};
  /** The workspace of an action: from an earlier ref, else the request it answers, channel or recipient. */
  const teamFor = async (action: Action, ref?: PlatformRef | null, requestId?: string | null) =>
    teamOfRef(ref) ?? (await workspaces.teamOf(action, requestId));

  const platform: Platform = {
    name: 'slack',
    maxTextLength: MAX_TEXT,
    publish: async (input) => {
      const id = input.action.agentId;
      if (!agentNames.has(id)) {
        const name = await config.agentName?.(id);
        if (name) agentNames.set(id, name);
      }
      const { api, team } = await workspaces.resolve(await teamFor(input.action));
      const ref = await publish(
        {
          api,
          agentName: (a) => agentNames.get(a) ?? 'Airlock agent',
          fallbackChannel: config.reviewChannel,
        },
        input,
      );
      return withTeam(ref, team) ?? ref;
    },
    retract: async (action, ref) => retract(await workspaces.apiFor(await teamFor(action, ref)), ref),
    requestReview: async (card) => {
      rememberAgent(card.agent);
      const { api, team } = await workspaces.resolve(await teamFor(card.action, null, card.request?.id));
      const deps = { api, reviewChannel: config.reviewChannel, reviewChannels };
      return withTeam(await requestReview(deps, card), team);
    },
    updateReview: async (card) => {
      rememberAgent(card.agent);
      const { api, team } = await workspaces.resolve(await teamFor(card.action, card.ref, card.request?.id));
      const deps = { api, reviewChannel: config.reviewChannel, reviewChannels };
      return withTeam(await updateReview(deps, card), team);
    },
    notifyRequester: async (notice) => {
      rememberAgent(notice.agent);
      if (notice.request.platform !== 'slack') return null;
      const { api, team } = await workspaces.resolve(
        await teamFor(notice.action, notice.ref, notice.request.id),
      );
      return withTeam(await notifyRequester(api, notice), team);
    },
    postDigest: async ({ digest, channel }) => {
      const to = channel ?? config.reviewChannel;
      if (!to) return null;
      const { api, team } = await workspaces.resolve(await workspaces.teamOfChannel(to));
      const { text, blocks } = digestBlocks(digest);
      const res = await api.call('chat.postMessage', { channel: to, text, blocks });
      return withTeam({ id: String(res['ts']), channel: to }, team);
    },
    readThread: async (channel, thread) =>
      readThread(await workspaces.apiFor(await workspaces.teamOfChannel(channel)), channel, thread),
    listChannels: async () =>
      (await Promise.all((await workspaces.all()).map((api) => listChannels(api)))).flat(),
  };

  const dispatch = createDispatcher({ gateway: config.gateway, workspaces, log, rememberAgent });
  const inbound = config.signingSecret
    ? createInboundHandler(dispatch, createVerifier(config.signingSecret, config.now))
    : undefined;
  const socket = config.appToken
    ? createSocketMode({ appToken: config.appToken, apiUrl: config.apiUrl, dispatch, log })
    : null;
  const installer = config.oauth
    ? createSlackInstaller({
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        stateSecret: config.oauth.stateSecret,
        redirectUri: `${config.oauth.publicUrl.replace(/\/+$/, '')}${REDIRECT_PATH}`,
        apiUrl: config.apiUrl,
        installations: config.oauth.installations,
        box: config.oauth.box,
        now: config.now,
        log,
      })
    : null;
  return {
    platform,
    inbound,
    ...(installer
      ? {
          pages: [
            { path: INSTALL_PATH, handle: installer.install },
            { path: REDIRECT_PATH, handle: installer.redirect },
          ],
        }
      : {}),
    ...(socket ? { start: () => socket.start(), stop: () => socket.stop() } : {}),
  };
}
