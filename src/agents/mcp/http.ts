// `/mcp` on the main HTTP server: Streamable HTTP in session mode (the server may call back, e.g. to elicit),
// bearer auth with the agent tokens of the HTTP API on every request, and DNS-rebinding protection.
// A session belongs to the agent that opened it; another agent's token is refused on it.
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAirlockError } from '../../governance/errors.ts';
import type { AgentGateway } from '../../governance/gateway.ts';
import type { Agent } from '../../governance/model.ts';
import { rebindingViolation } from './host-check.ts';
import { createAgentMcpServer } from './server.ts';
import type { PlatformReaders } from './tools/deps.ts';

export interface McpHttpDeps {
  gateway: AgentGateway;
  platforms?: PlatformReaders | undefined;
  /** Host header values accepted (config AIRLOCK_ALLOWED_HOSTS): `name` for any port, `name:port` exactly. */
  allowedHosts: string[];
  /** Sessions idle this long are closed. Default 30 minutes. */
  idleMs?: number;
  /** At most this many open sessions (all agents). Default 1000. */
  maxSessions?: number;
  /** At most this many open sessions per agent, so one agent cannot lock the others out. Default 20. */
  maxSessionsPerAgent?: number;
  maxWaitMs?: number;
}

export interface McpHttpHandle {
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  close: () => Promise<void>;
  agent: Agent;
  lastSeen: number;
}

const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(request: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '');
  return m?.[1] ?? null;
}

const unauthorized = (reply: FastifyReply, message: string) =>
  reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="airlock", error="invalid_token"')
    .send(rpcError(-32001, message));

export function mountMcp(app: FastifyInstance, deps: McpHttpDeps): McpHttpHandle {
  const sessions = new Map<string, Session>();
  const idleMs = deps.idleMs ?? 5 * 60_000;
  const maxSessions = deps.maxSessions ?? 1000;
  const maxPerAgent = deps.maxSessionsPerAgent ?? 20;
  const perAgent = (agentId: string) => {
    let n = 0;
    for (const s of sessions.values()) if (s.agent.id === agentId) n++;
    return n;
  };

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Agent | null> {
    const token = bearer(request);
    if (!token) {
      await unauthorized(reply, 'Authorization: Bearer <agent token> is required on /mcp');
      return null;
    }
    try {
      return await deps.gateway.authenticateAgent(token);
    } catch (e) {
      if (isAirlockError(e) && (e.code === 'unauthorized' || e.code === 'forbidden')) {
        await unauthorized(reply, `${e.message} (use the token printed by \`airlock agents create\`)`);
        return null;
      }
      throw e;
    }
  }

  async function openSession(agent: Agent): Promise<StreamableHTTPServerTransport> {
    const server = createAgentMcpServer({
      gateway: deps.gateway,
      agent,
      platforms: deps.platforms,
      maxWaitMs: deps.maxWaitMs,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, agent, lastSeen: Date.now(), close: () => server.close() });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport;
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const violation = rebindingViolation(
      { host: header(request, 'host'), origin: header(request, 'origin') },
      deps.allowedHosts,
    );
    if (violation) return void (await reply.code(403).send(rpcError(-32000, violation)));

    const agent = await authenticate(request, reply);
    if (!agent) return;

    const sessionId = header(request, 'mcp-session-id');
    let transport: StreamableHTTPServerTransport;
    if (sessionId !== undefined) {
      const session = sessions.get(sessionId);
      if (!session)
        return void (await reply.code(404).send(rpcError(-32001, 'Session not found; initialize again')));
      if (session.agent.id !== agent.id) {
        return void (await reply.code(403).send(rpcError(-32003, 'This session belongs to another agent')));
      }
      session.lastSeen = Date.now();
      transport = session.transport;
    } else {
      if (request.method !== 'POST' || !isInitializeRequest(request.body)) {
        return void (await reply
          .code(400)
          .send(rpcError(-32000, 'Bad Request: no Mcp-Session-Id header; start with an initialize request')));
      }
      // Per agent first: an agent at its own cap is told so, and never uses up the shared capacity.
      if (perAgent(agent.id) >= maxPerAgent) {
        return void (await reply
          .code(429)
          .header('retry-after', String(Math.ceil(idleMs / 1000)))
          .send(
            rpcError(
              -32000,
              `This agent already has ${maxPerAgent} open MCP sessions (AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT); reuse one, or close one with DELETE /mcp and its Mcp-Session-Id`,
            ),
          ));
      }
      if (sessions.size >= maxSessions) {
        return void (await reply
          .code(503)
          .send(
            rpcError(
              -32000,
              'Too many MCP sessions on this server (AIRLOCK_MCP_MAX_SESSIONS); try again later',
            ),
          ));
      }
      transport = await openSession(agent);
    }
    reply.hijack();
    try {
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (e) {
      // Fastify no longer owns the response: answer here, or the client hangs.
      request.log.error({ err: e }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify(rpcError(-32603, 'Internal error; see the server log')));
      } else reply.raw.end();
    }
  }

  app.route({ method: ['GET', 'POST', 'DELETE'], url: '/mcp', handler: handle });

  const closeSession = async (id: string) => {
    const s = sessions.get(id);
    sessions.delete(id);
    await s?.close().catch(() => undefined);
  };
  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, s] of sessions) if (s.lastSeen < cutoff) void closeSession(id);
    },
    Math.min(60_000, idleMs),
  );
  sweep.unref();

  const close = async () => {
    clearInterval(sweep);
    await Promise.all([...sessions.keys()].map(closeSession));
  };
  // Before the listener closes: open SSE streams would otherwise keep `app.close()` waiting.
  app.addHook('preClose', close);
  return { sessionCount: () => sessions.size, close };
}
