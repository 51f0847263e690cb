// Routes beyond the v1 API that the server mounts: MCP now, platform webhooks later.
import type { FastifyInstance } from 'fastify';
import { mountMcp } from './agents/mcp/http.ts';
import type { Config } from './config.ts';
import type { Airlock } from './main.ts';

type Core = Omit<Airlock, 'server' | 'listen' | 'close'>;

export function serverMounts(
  config: Config,
): Array<(app: FastifyInstance, core: Core) => void | Promise<void>> {
  return [
    (app, core) => {
      mountMcp(app, {
        gateway: core.gov.agents,
        platforms: core.platforms,
        allowedHosts: config.allowedHosts,
        maxSessions: config.AIRLOCK_MCP_MAX_SESSIONS,
        maxSessionsPerAgent: config.AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT,
        idleMs: config.AIRLOCK_MCP_IDLE_TIMEOUT_MS,
      });
    },
  ];
}
