// Composition root: the only file that wires real objects together.
import { hkdfSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Config } from './config.ts';
import type { Classifier, Clock, IdSource, Platform, Store } from './governance/ports.ts';
import { systemClock } from './governance/ports.ts';
import {
  createGovernance,
  DEFAULT_SETTINGS,
  type Governance,
  type PipelineLog,
} from './governance/pipeline/index.ts';
import { randomIds } from './ids.ts';
import { createMcpExecutionPlatform } from './agents/mcp/platform.ts';
import { createLocalPlatform, type LocalOutbox, type LocalPlatform } from './platforms/local/index.ts';
import { createDiscordPlatform } from './platforms/discord/index.ts';
import { createForumPlatform } from './platforms/forum/index.ts';
import type { LazyGateway, PlatformAdapter } from './platforms/platform.ts';
import { createSlackPlatform, type SlackInstallationRepo } from './platforms/slack/index.ts';
import { createSecretBox } from './secret-box.ts';
import { mountConsole } from './server/console/index.ts';
import { mountLocalMessages } from './server/local.ts';
import { createDigestService, type DigestService } from './digest-service.ts';
import { mountDigest } from './server/digest.ts';
import { mountAudit } from './server/audit.ts';
import { buildServer } from './server/http.ts';
import { createMetrics } from './server/metrics.ts';
import { createLocalOutbox, createSlackInstallations, openDb, createStore } from './store/index.ts';
import { AirlockError } from './governance/errors.ts';

export interface Airlock {
  config: Config;
  gov: Governance;
  store: Store;
  platforms: Map<string, Platform>;
  /** The built-in local platform (its deliveries are countable: `local.deliveries(actionId)`). */
  local: LocalPlatform;
  adapters: PlatformAdapter[];
  /** What the local platform wrote (messages, review cards, notices, digests). */
  outbox: LocalOutbox;
  /** The weekly digest: on demand and on its schedule (started by `listen`). */
  digest: DigestService;
  /** Slack workspaces installed with "Add to Slack" (bot tokens sealed); null unless SLACK_CLIENT_ID is set. */
  slackInstallations: SlackInstallationRepo | null;
  server: FastifyInstance;
  /** Listens on HOST:PORT and starts the worker; returns the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface Overrides {
  classifier?: Classifier;
  clock?: Clock;
  ids?: IdSource;
  /** Extra or replacement platforms (tests inject failing ones). */
  platforms?: Platform[];
  /**
   * Platform adapters (Slack, Discord, the forum, test fakes): each platform is registered by name, its
   * inbound handler mounted at POST `inbound.path`, and start()/stop() run with listen()/close(). A
   * function is called with the governance's platform gateway (lazily: governance needs the platforms).
   */
  adapters?: Array<PlatformAdapter | ((gateway: LazyGateway) => PlatformAdapter)>;
  /** An in-memory PGlite starts from this data-directory dump instead of initdb (tests: a migrated snapshot). */
  pgliteTemplate?: Blob;
  /** The server's own admin token for the admin endpoints (`airlock start` makes one per run). */
  localAdminToken?: string;
  mounts?: Array<
    (app: FastifyInstance, airlock: Omit<Airlock, 'server' | 'listen' | 'close'>) => void | Promise<void>
  >;
}

export async function createAirlock(config: Config, overrides: Overrides = {}): Promise<Airlock> {
  const log = pino({ level: config.LOG_LEVEL });
  // Policy errors surface before anything is opened.
  // Loaded lazily: the scope model and detectors are only needed where actions are classified.
  const classifier =
    overrides.classifier ?? (await import('./classifier.ts')).createDefaultClassifier(config.AIRLOCK_POLICY);
  let open: Awaited<ReturnType<typeof openDb>>;
  try {
    open = await openDb({
      url: config.DATABASE_URL,
      dataDir: config.AIRLOCK_DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
      template: overrides.pgliteTemplate,
    });
    await open.migrate();
  } catch (e) {
    throw new AirlockError(
      'store_unavailable',
      config.DATABASE_URL
        ? `DATABASE_URL: cannot use the database: ${(e as Error).message}`
        : `AIRLOCK_DATA_DIR: cannot open the embedded database in ${config.AIRLOCK_DATA_DIR}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const store = createStore(open, { tokenCacheMs: config.AIRLOCK_TOKEN_CACHE_MS });
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const metrics = createMetrics();

  const platforms = new Map<string, Platform>();
  const outbox = createLocalOutbox(open.db);
  const local = createLocalPlatform({
    outbox,
    now: () => clock.now(),
    newId: () => ids.next('msg'),
    maxTextLength: config.AIRLOCK_LOCAL_MAX_TEXT,
  });
  platforms.set('local', local);
  platforms.set('mcp', createMcpExecutionPlatform(local));
  for (const p of overrides.platforms ?? []) platforms.set(p.name, p);
  let governance: Governance | null = null;
  const lazyGateway: LazyGateway = () => {
    if (!governance) throw new Error('the platform gateway is used before Airlock finished starting');
    return governance.platform;
  };
  const adapters = (overrides.adapters ?? []).map((a) => (typeof a === 'function' ? a(lazyGateway) : a));
  let slackInstallations: SlackInstallationRepo | null = null;
  if (config.slack) {
    const slackLog = log.child({ component: 'slack' });
    const oauth = config.slack.oauth;
    if (oauth) {
      slackInstallations = createSlackInstallations(open.db);
      if (!config.AIRLOCK_PUBLIC_URL)
        slackLog.warn(
          `AIRLOCK_PUBLIC_URL is not set: "Add to Slack" redirects back to ${config.publicUrl}/slack/oauth_redirect, which Slack must reach and the app's Redirect URLs must list`,
        );
    }
    adapters.push(
      createSlackPlatform({
        ...config.slack,
        oauth:
          oauth && slackInstallations
            ? {
                clientId: oauth.clientId,
                clientSecret: oauth.clientSecret,
                installations: slackInstallations,
                box: createSecretBox(oauth.encryptionKey),
                // Its own key, derived from AIRLOCK_ENCRYPTION_KEY: signing states never touches the token key.
                stateSecret: Buffer.from(
                  hkdfSync('sha256', oauth.encryptionKey, Buffer.alloc(0), 'airlock slack oauth state', 32),
                ),
                publicUrl: config.publicUrl,
              }
            : null,
        gateway: lazyGateway,
        agentName: async (id) => (await store.agents.get(id))?.name ?? null,
        now: () => clock.now(),
        log: { warn: (obj, msg) => slackLog.warn(obj, msg), info: (obj, msg) => slackLog.info(obj, msg) },
      }),
    );
    if (!config.slack.reviewChannel)
      slackLog.warn(
        'SLACK_REVIEW_CHANNEL is not set: held Slack posts are reviewed in the console and the API only',
      );
  }
  // Discord, when its three settings are set (config.ts checks they come together). Never contacted here:
  // startup does not depend on reaching Discord.
  if (config.discord && !adapters.some((a) => a.platform.name === 'discord')) {
    const d = config.discord;
    if (!d.reviewChannel)
      log.warn(
        'DISCORD_REVIEW_CHANNEL is not set: Discord holds get no review card and are reviewed in the console only',
      );
    adapters.push(
      createDiscordPlatform({
        applicationId: d.applicationId,
        publicKey: d.publicKey,
        botToken: d.botToken,
        reviewChannel: d.reviewChannel,
        apiUrl: d.apiUrl,
        publishAs: d.publishAs,
        gatewayClient: d.gatewayClient,
        gateway: lazyGateway,
        now: () => clock.now(),
        log: log.child({ component: 'discord' }),
      }),
    );
  }
  // The forum, when its three settings are set. A forum has no buttons: its holds are reviewed on the Slack
  // or Discord review channel when there is one (their cards decide any action), else in review topics.
  // Never contacted here: startup does not depend on reaching the forum.
  if (config.forum && !adapters.some((a) => a.platform.name === 'forum')) {
    const f = config.forum;
    const forumLog = log.child({ component: 'forum' });
    const reviewVia =
      f.reviewVia === 'forum'
        ? null
        : (adapters.find((a) => a.platform.name === f.reviewVia)?.platform ?? null);
    if (!reviewVia && f.reviewCategory === null)
      forumLog.warn(
        'DISCOURSE_REVIEW_CATEGORY is not set and no Slack or Discord review channel is: forum holds are reviewed in the console only',
      );
    adapters.push(
      createForumPlatform({
        url: f.url,
        apiKey: f.apiKey,
        webhookSecret: f.webhookSecret,
        username: f.username,
        reviewCategory: f.reviewCategory,
        reviewVia,
        gateway: lazyGateway,
        now: () => clock.now(),
        log: forumLog,
      }),
    );
  }
  for (const a of adapters) platforms.set(a.platform.name, a.platform);

  const pipelineLog: PipelineLog = log.child({ component: 'pipeline' });
  const gov = createGovernance({
    store,
    classifier,
    platforms,
    clock,
    ids,
    log: pipelineLog,
    observer: metrics.observer,
    settings: {
      ...DEFAULT_SETTINGS,
      holdTtlMs: config.AIRLOCK_HOLD_TTL_HOURS * 3600_000,
      maxAttempts: config.AIRLOCK_PUBLISH_MAX_ATTEMPTS,
      backoffMs: config.AIRLOCK_PUBLISH_BACKOFF_MS,
      claimLeaseMs: config.AIRLOCK_PUBLISH_LEASE_MS,
      retractWindowMs: config.AIRLOCK_RETRACT_WINDOW_MINUTES * 60_000,
      reminderBeforeMs: config.AIRLOCK_REMIND_BEFORE_HOURS * 3600_000,
      escalateAfterMs: config.AIRLOCK_ESCALATE_AFTER_HOURS * 3600_000,
      escalationGroup: config.AIRLOCK_ESCALATION_GROUP,
    },
  });
  governance = gov;
  const digest = createDigestService({
    store,
    platforms,
    config,
    now: () => clock.now(),
    log: log.child({ component: 'digest' }),
  });
  const core = { config, gov, store, platforms, local, adapters, outbox, digest, slackInstallations };
  const server = await buildServer({
    gov,
    store,
    metrics,
    publicUrl: config.publicUrl,
    integrationToken: config.AIRLOCK_INTEGRATION_TOKEN,
    localAdminToken: overrides.localAdminToken,
    logLevel: config.LOG_LEVEL,
    inbound: adapters.flatMap((a) => (a.inbound ? [a.inbound] : [])),
    pages: adapters.flatMap((a) => a.pages ?? []),
    mounts: [
      (app: FastifyInstance) => mountLocalMessages(app, { gov, local }),
      (app: FastifyInstance) =>
        mountDigest(app, { gov, integrationToken: config.AIRLOCK_INTEGRATION_TOKEN, digest }),
      (app: FastifyInstance) =>
        mountAudit(app, { gov, store, integrationToken: config.AIRLOCK_INTEGRATION_TOKEN }),
      (app: FastifyInstance) => mountConsole(app, { gov, store, local, digest }),
      ...(overrides.mounts ?? []).map((m) => (app: FastifyInstance) => m(app, core)),
    ],
  });

  return {
    ...core,
    server,
    listen: async () => {
      await server.listen({ host: config.HOST, port: config.PORT });
      for (const a of adapters) await a.start?.();
      digest.start();
      gov.worker.start(config.AIRLOCK_WORKER_INTERVAL_MS);
      const addr = server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    close: async () => {
      await gov.worker.stop();
      for (const a of adapters) await a.stop?.();
      await digest.stop();
      await server.close();
      await store.close();
    },
  };
}
