// Composition root: the only file that wires real objects together.
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
import { createLocalPlatform, type LocalPlatform } from './platforms/local/index.ts';
import type { LazyGateway, PlatformAdapter } from './platforms/platform.ts';
import { mountConsole } from './server/console/index.ts';
import { mountLocalMessages } from './server/local.ts';
import { buildServer } from './server/http.ts';
import { createMetrics } from './server/metrics.ts';
import { createLocalOutbox, openDb, createStore } from './store/index.ts';
import { AirlockError } from './governance/errors.ts';

export interface Airlock {
  config: Config;
  gov: Governance;
  store: Store;
  platforms: Map<string, Platform>;
  /** The built-in local platform (its deliveries are countable: `local.deliveries(actionId)`). */
  local: LocalPlatform;
  adapters: PlatformAdapter[];
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
  const store = createStore(open);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const metrics = createMetrics();

  const platforms = new Map<string, Platform>();
  const local = createLocalPlatform({
    outbox: createLocalOutbox(open.db),
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
      retractWindowMs: config.AIRLOCK_RETRACT_WINDOW_MINUTES * 60_000,
      reminderBeforeMs: config.AIRLOCK_REMIND_BEFORE_HOURS * 3600_000,
      escalateAfterMs: config.AIRLOCK_ESCALATE_AFTER_HOURS * 3600_000,
      escalationGroup: config.AIRLOCK_ESCALATION_GROUP,
    },
  });
  governance = gov;
  const core = { config, gov, store, platforms, local, adapters };
  const server = await buildServer({
    gov,
    store,
    metrics,
    publicUrl: config.publicUrl,
    integrationToken: config.AIRLOCK_INTEGRATION_TOKEN,
    logLevel: config.LOG_LEVEL,
    inbound: adapters.flatMap((a) => (a.inbound ? [a.inbound] : [])),
    mounts: [
      (app: FastifyInstance) => mountLocalMessages(app, { gov, local }),
      (app: FastifyInstance) => mountConsole(app, { gov, store, local }),
      ...(overrides.mounts ?? []).map((m) => (app: FastifyInstance) => m(app, core)),
    ],
  });

  return {
    ...core,
    server,
    listen: async () => {
      await server.listen({ host: config.HOST, port: config.PORT });
      for (const a of adapters) await a.start?.();
      gov.worker.start(config.AIRLOCK_WORKER_INTERVAL_MS);
      const addr = server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    close: async () => {
      await gov.worker.stop();
      for (const a of adapters) await a.stop?.();
      await server.close();
      await store.close();
    },
  };
}
