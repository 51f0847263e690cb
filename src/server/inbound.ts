// Mounts a platform's inbound handler at its path with the raw body: signatures cover the exact bytes,
// so nothing parses the body before the adapter has verified it.
import type { FastifyInstance } from 'fastify';
import type { InboundHandler } from '../platforms/platform.ts';

export function mountInbound(app: FastifyInstance, handler: InboundHandler): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(handler.path, async (req, reply) => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const res = await handler.handle({ method: req.method, url: req.url, headers, rawBody });
      void reply.code(res.status);
      for (const [k, v] of Object.entries(res.headers ?? {})) void reply.header(k, v);
      if (res.body === undefined || res.body === '') return reply.send();
      return reply.send(res.body);
    });
  });
}
