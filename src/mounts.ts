// Routes beyond the v1 API that the server mounts: MCP now, platform webhooks later.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Airlock } from './main.ts';

type Core = Omit<Airlock, 'server' | 'listen' | 'close'>;

export function serverMounts(_config: Config): Array<(app: FastifyInstance, core: Core) => void | Promise<void>> {
  return [];
}
