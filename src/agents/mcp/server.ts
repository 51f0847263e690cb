// The Airlock MCP server for one agent session. HTTP, stdio and the in-memory tests all build it here;
// the transports only decide who the agent is (from its token) and carry the messages.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AgentGateway } from '../../governance/gateway.ts';
import type { Agent } from '../../governance/model.ts';
import { registerActionTools } from './tools/actions.ts';
import { type PlatformReaders, type ToolDeps, toPlatformMap } from './tools/deps.ts';
import { registerInboxTools } from './tools/inbox.ts';
import { registerPlatformReadTools } from './tools/platform-read.ts';
import { registerStatusTools } from './tools/status.ts';

export const SERVER_NAME = 'airlock';
export const SERVER_VERSION = '0.1.0';

/** Below the SDK client's default 60 s request timeout, so a plain client never times out mid-wait. */
export const DEFAULT_MAX_WAIT_MS = 55_000;

export interface AgentMcpServerDeps {
  gateway: AgentGateway;
  agent: Agent;
  platforms?: PlatformReaders | undefined;
  maxWaitMs?: number | undefined;
}

const INSTRUCTIONS = `You are connected to Airlock, which stands between you and the places your messages land (Slack, Discord, a forum).
Every message you send with post_message, reply_in_thread, send_direct_message or suggest_config_change is reviewed first:
it is published at once when a human asked for it (pass that request's request_id, see list_requests) and it is safe;
otherwise it is held for a human reviewer. A held action is not lost: never send it again. Use wait_for_decision or
get_action_status with its action_id to learn the outcome, and tell the user when it awaits review.`;

export function createAgentMcpServer(deps: AgentMcpServerDeps): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Airlock', version: SERVER_VERSION },
    { capabilities: { tools: { listChanged: false }, logging: {} }, instructions: INSTRUCTIONS },
  );
  const toolDeps: ToolDeps = {
    gateway: deps.gateway,
    agent: deps.agent,
    platforms: toPlatformMap(deps.platforms),
    maxWaitMs: deps.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  };
  registerActionTools(server, toolDeps);
  registerStatusTools(server, toolDeps, () => server.server.getClientCapabilities());
  registerInboxTools(server, toolDeps);
  registerPlatformReadTools(server, toolDeps);
  return server;
}
