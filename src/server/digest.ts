// GET /v1/digest?since=7d&format=json|md|html&tz=Europe/Paris: the digest on demand, for reviewers and
// the console (a reviewer token or the integration token).
import type { FastifyInstance } from 'fastify';
import { type AuthDeps, authenticate } from '../agents/http/auth.ts';
import { DigestQuery } from '../agents/http/schemas.ts';
import type { DigestService } from '../digest-service.ts';
import { AirlockError, invalidInput } from '../governance/errors.ts';

const TYPES = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function mountDigest(app: FastifyInstance, deps: AuthDeps & { digest: DigestService }): void {
  app.get('/v1/digest', async (req, reply) => {
    const caller = await authenticate(deps, req);
    if (caller.kind === 'agent')
      throw new AirlockError('forbidden', 'the digest is for reviewers: use a reviewer token');
    const q = DigestQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidInput(q.error.issues);
    const digest = await deps.digest.compute({ since: q.data.since, timeZone: q.data.tz });
    return reply.header('content-type', TYPES[q.data.format]).send(deps.digest.render(digest, q.data.format));
  });
}
