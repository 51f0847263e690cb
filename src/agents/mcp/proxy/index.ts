// Public surface of the MCP firewall proxy: `airlock mcp-proxy` calls runMcpProxy; tests build the pieces.
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { detectAll } from '../../../governance/detect/index.ts';
import type { Detector } from '../../../governance/detect/types.ts';
import type { AgentGateway } from '../../../governance/gateway.ts';
import type { Agent } from '../../../governance/model.ts';
import { createRemoteGateway } from '../remote-gateway.ts';
import { ToolPins } from './pins.ts';
import { loadProxyPolicy } from './policy.ts';
import { createProxyServer } from './server.ts';
import { connectUpstream, defaultUpstreamName, type UpstreamSpec } from './upstream.ts';

export { createGovernedCalls, mainTarget } from './governed.ts';
export { ToolPins, toolHash } from './pins.ts';
export { createProxyPolicy, loadProxyPolicy, type ProxyPolicy } from './policy.ts';
export { redactResult, redactText } from './redact.ts';
export { createProxyServer, type ProxyServerDeps } from './server.ts';
export {
  connectUpstream,
  defaultUpstreamName,
  splitCommand,
  type Upstream,
  type UpstreamSpec,
} from './upstream.ts';

/** The shipped DLP detectors: secrets and personal data found in upstream results are redacted. */
export const defaultDetectors: Detector = detectAll;

/** For `--no-dlp`: finds nothing. */
export const noDetectors: Detector = () => [];

export interface McpProxyOptions {
  upstream: UpstreamSpec;
  /** Name in `change.system` (`mcp:<name>`); default derived from the command or URL. */
  name?: string | undefined;
  /** The running Airlock (AIRLOCK_URL) and the agent's token (AIRLOCK_AGENT_TOKEN). */
  url: string;
  token: string;
  /** Injected instead of the remote gateway (in-process tests). */
  gateway?: AgentGateway;
  detect: Detector;
  policyFile?: string | undefined;
  pinsFile?: string | undefined;
  /** Accept the upstream's current tool definitions as approved (after an operator reviewed a change). */
  repin?: boolean;
  waitMs?: number | undefined;
  stdin?: Readable;
  stdout?: Writable;
}

export interface McpProxyHandle {
  agent: Agent;
  upstreamName: string;
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Connects to Airlock and the upstream, then serves the agent on stdio until it disconnects. */
export async function runMcpProxy(opts: McpProxyOptions): Promise<McpProxyHandle> {
  const gateway = opts.gateway ?? createRemoteGateway({ baseUrl: opts.url });
  const agent = await gateway.authenticateAgent(opts.token);
  const policy = loadProxyPolicy(opts.policyFile);
  const name = opts.name ?? defaultUpstreamName(opts.upstream);
  const pins = new ToolPins(name, opts.pinsFile);
  const upstream = await connectUpstream(opts.upstream, name);
  if (opts.repin) {
    const tools = await upstream.listTools();
    pins.repin(tools);
    await gateway.audit(agent, 'mcp.proxy.repinned', {
      system: `mcp:${name}`,
      tools: tools.map((t) => t.name),
    });
  }
  const proxy = createProxyServer({
    gateway,
    agent,
    upstream,
    policy,
    pins,
    detect: opts.detect,
    waitMs: opts.waitMs,
  });
  await proxy.refresh(true);
  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  // Closing the server closes the transport, whose onclose lands here again: close once.
  // (The flag is set before anything runs: the transport calls onclose synchronously from close().)
  let closing: Promise<void> | null = null;
  const close = () => {
    if (closing) return closing;
    let done: () => void = () => {};
    closing = new Promise<void>((resolve) => {
      done = resolve;
    });
    void (async () => {
      await proxy.close().catch(() => undefined);
      await upstream.close().catch(() => undefined);
      done();
    })();
    return closing;
  };
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => void close().finally(resolve);
    (opts.stdin ?? process.stdin).once('end', () => void close().finally(resolve));
  });
  await proxy.server.connect(transport);
  return { agent, upstreamName: name, closed, close };
}
