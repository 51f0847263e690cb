// The downstream MCP server the proxy wraps, reached as an ordinary MCP client: a spawned command on stdio,
// or a Streamable HTTP URL.
import { basename } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { AirlockError } from '../../../governance/errors.ts';
import { SERVER_VERSION } from '../server.ts';

export type UpstreamSpec =
  | {
      command: string;
      args: string[];
      env?: Record<string, string> | undefined;
      cwd?: string | undefined;
      /** The upstream's stderr: ours by default (stdout is the MCP channel). */
      stderr?: 'inherit' | 'ignore';
    }
  | { url: string; headers?: Record<string, string> | undefined };

/**
 * Splits a command line the way a POSIX shell would for plain words, quotes and backslashes
 * (no variables, globs or operators: the command is run directly, never through a shell).
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote)
    throw new AirlockError('invalid_input', `--upstream-command: unclosed ${quote} quote`, {
      field: 'upstream-command',
    });
  if (inWord) words.push(word);
  return words;
}

/** A short name for the upstream, used in `change.system` (`mcp:<name>`) and in messages. */
export function defaultUpstreamName(spec: UpstreamSpec): string {
  if ('url' in spec) return new URL(spec.url).hostname;
  // `npx -y @modelcontextprotocol/server-filesystem /data` → server-filesystem
  const pkg = [spec.command, ...spec.args]
    .filter((w) => !w.startsWith('-'))
    .find((w) => /server|mcp/i.test(w));
  return basename(pkg ?? spec.command).replace(/\.(m?js|ts|py)$/, '');
}

export interface Upstream {
  name: string;
  client: Client;
  listTools(): Promise<Tool[]>;
  close(): Promise<void>;
}

export async function connectUpstream(spec: UpstreamSpec, name: string): Promise<Upstream> {
  const client = new Client({ name: 'airlock-mcp-proxy', version: SERVER_VERSION }, { capabilities: {} });
  const transport =
    'url' in spec
      ? new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers ?? {} } })
      : new StdioClientTransport({
          command: spec.command,
          args: spec.args,
          ...(spec.env ? { env: spec.env } : {}),
          ...(spec.cwd ? { cwd: spec.cwd } : {}),
          stderr: spec.stderr ?? 'inherit',
        });
  try {
    await client.connect(transport);
  } catch (e) {
    const what = 'url' in spec ? spec.url : [spec.command, ...spec.args].join(' ');
    throw new AirlockError(
      'platform_unavailable',
      `cannot start or reach the upstream MCP server (${what}): ${String(e)}`,
      {
        cause: e,
      },
    );
  }
  return {
    name,
    client,
    async listTools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {});
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },
    close: () => client.close(),
  };
}
