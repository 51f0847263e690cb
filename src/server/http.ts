// One HTTP server for everything: the v1 API, /mcp, platform webhooks (later), health and metrics.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { mountAdmin } from '../agents/http/admin.ts';
import { mountV1 } from '../agents/http/v1.ts';
import { openApiDocument } from '../agents/http/openapi.ts';
import type { Store } from '../governance/ports.ts';
import type { Governance } from '../governance/pipeline/index.ts';
import { handleError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import type { InboundHandler, PageRoute } from '../platforms/platform.ts';

/**
 * Mounts an adapter's inbound handler. Signatures cover the exact bytes, so the body is handed over raw
 * (a Buffer) for any content type (JSON, x-www-form-urlencoded), with lower-cased headers; the adapter
 * verifies, parses, and answers.
 */
async function mountInbound(app: FastifyInstance, handler: InboundHandler): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post(handler.path, async (req, reply) => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const res = await handler.handle({ method: req.method, url: req.url, headers, rawBody });
      if (res.headers) void reply.headers(res.headers);
      void reply.code(res.status);
      if (res.body === undefined) return reply.send();
      if (typeof res.body === 'string') return reply.send(res.body);
      return reply.type('application/json').send(JSON.stringify(res.body));
    });
  });
}

/** Mounts an adapter's browser page at GET `path`; the adapter writes the whole raw response. */
function mountPage(app: FastifyInstance, page: PageRoute): void {
  app.get(page.path, (req, reply) => {
    reply.hijack();
    return page.handle(req.raw, reply.raw).catch((err: unknown) => {
      req.log.error({ err }, 'page handler failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      if (!reply.raw.writableEnded) reply.raw.end('Internal error; the log says why.');
    });
  });
}

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
  /** Platform adapters' inbound handlers, each mounted at POST `path` with the raw body. */
  inbound?: InboundHandler[];
  /** Platform adapters' browser pages (Slack's install and OAuth redirect), each at GET `path`. */
  pages?: PageRoute[];
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
    // Longer ids reach the handlers' boundary check and get a 400 naming the id, not a 404.
    routerOptions: { maxParamLength: 1024 },
    // Errors before routing (a path that does not decode, e.g. %ED%A0%80) in the same shape as the rest.
    frameworkErrors: (err, req, reply) => {
      const field = err.code === 'FST_ERR_BAD_URL' ? '(path)' : '(request)';
      const body = { error: { code: 'invalid_input', message: `${field}: ${err.message}`, field } };
      (reply as FastifyReply).code(400).send(body);
      req.log.debug({ err }, 'refused before routing');
    },
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
  for (const handler of deps.inbound ?? []) await mountInbound(app, handler);
  for (const page of deps.pages ?? []) mountPage(app, page);
  mountAdmin(app, {
    gov: deps.gov,
    store: deps.store,
    integrationToken: deps.integrationToken,
    localAdminToken: deps.localAdminToken,
  });
  for (const mount of deps.mounts ?? []) await mount(app);
  return app;
}
