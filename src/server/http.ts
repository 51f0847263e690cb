// One HTTP server for everything: the v1 API, /mcp, platform webhooks (later), health and metrics.
import Fastify, { type FastifyInstance } from 'fastify';
import { mountAdmin } from '../agents/http/admin.ts';
import { mountV1 } from '../agents/http/v1.ts';
import { openApiDocument } from '../agents/http/openapi.ts';
import type { Store } from '../governance/ports.ts';
import type { Governance } from '../governance/pipeline/index.ts';
import { handleError } from './errors.ts';
import type { Metrics } from './metrics.ts';

/** Action text is capped per platform (413); this only stops absurd bodies before parsing. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface ServerDeps {
  gov: Governance;
  store: Store;
  metrics: Metrics;
  publicUrl: string;
  integrationToken?: string | undefined;
  /** The running server's own admin token (see src/agents/http/admin.ts). */
  localAdminToken?: string | undefined;
  logLevel?: string;
  /** Extra mounts (MCP, platform webhooks), each given the app to register routes on. */
  mounts?: Array<(app: FastifyInstance) => void | Promise<void>>;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Per-request logs are info level; they are noise unless someone is debugging.
    logger: {
      level:
        deps.logLevel === 'debug' || deps.logLevel === 'trace'
          ? deps.logLevel
          : deps.logLevel === 'info'
            ? 'warn'
            : (deps.logLevel ?? 'warn'),
    },
    bodyLimit: BODY_LIMIT_BYTES,
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } });
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const h = await deps.store.health();
    const ready = h.database && h.migrations;
    return reply.code(ready ? 200 : 503).send({ ready, ...h });
  });
  app.get('/metrics', async (_req, reply) =>
    reply
      .header('content-type', deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics()),
  );
  const doc = openApiDocument(deps.publicUrl);
  app.get('/openapi.json', async () => doc);

  mountV1(app, { gov: deps.gov, integrationToken: deps.integrationToken });
  mountAdmin(app, {
    gov: deps.gov,
    store: deps.store,
    integrationToken: deps.integrationToken,
    localAdminToken: deps.localAdminToken,
  });
  for (const mount of deps.mounts ?? []) await mount(app);
  return app;
}
