// `airlock mcp --stdio`: the agent MCP server on stdin/stdout for clients that spawn their servers. It talks
// to a running Airlock over the HTTP API with the agent's token (the embedded database is one process's).
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Agent } from '../../governance/model.ts';
import { createRemoteGateway } from './remote-gateway.ts';
import { createAgentMcpServer } from './server.ts';

export interface StdioServerOptions {
  /** The running Airlock (AIRLOCK_URL). */
  url: string;
  /** The agent's token (AIRLOCK_AGENT_TOKEN): it alone decides who the agent is. */
  token: string;
  stdin?: Readable;
  stdout?: Writable;
  maxWaitMs?: number;
}

export interface StdioServerHandle {
  agent: Agent;
  /** Resolves when the client closes stdin or `close()` is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Authenticates first (a bad token fails here, before any MCP traffic), then serves until stdin closes. */
export async function runStdioServer(opts: StdioServerOptions): Promise<StdioServerHandle> {
  const gateway = createRemoteGateway({ baseUrl: opts.url });
  const agent = await gateway.authenticateAgent(opts.token);
  const server = createAgentMcpServer({ gateway, agent, maxWaitMs: opts.maxWaitMs });
  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  // The transport calls onclose synchronously from close(): mark closing before closing anything.
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
  };
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    (opts.stdin ?? process.stdin).once('end', () => void close().finally(resolve));
  });
  await server.connect(transport);
  return { agent, closed, close };
}
