// `airlock mcp --stdio` (the agent MCP server on stdio) and `airlock mcp-proxy` (the firewall in front of
// another MCP server). Both run beside a running Airlock and reach it over the HTTP API with the agent token.
// The token is read from AIRLOCK_AGENT_TOKEN only, never a flag, so it does not show in process listings.
import { Command, Option } from 'commander';
import { z } from 'zod';
import { DEFAULT_AIRLOCK_URL } from '../../agents/mcp/remote-gateway.ts';
import { runStdioServer } from '../../agents/mcp/stdio.ts';
import { isAirlockError } from '../../governance/errors.ts';

const McpEnv = z.object({
  AIRLOCK_AGENT_TOKEN: z
    .string({ error: 'is not set; export the agent token (`airlock agents add NAME` prints it)' })
    .min(1, 'is empty; export the agent token (`airlock agents add NAME` prints it)'),
  AIRLOCK_URL: z
    .url('must be the URL of the running Airlock, e.g. http://127.0.0.1:4480')
    .default(DEFAULT_AIRLOCK_URL),
});
export type McpEnv = z.infer<typeof McpEnv>;

/** Reads the two settings these commands need; errors name the variable. */
export function readMcpEnv(env: NodeJS.ProcessEnv = process.env): McpEnv {
  const r = McpEnv.safeParse({
    AIRLOCK_AGENT_TOKEN: env['AIRLOCK_AGENT_TOKEN'],
    AIRLOCK_URL: env['AIRLOCK_URL'] || undefined,
  });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'environment')} ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}

function die(e: unknown): never {
  const message = isAirlockError(e) ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`airlock: ${message}\n`);
  process.exit(isAirlockError(e) && e.code === 'unauthorized' ? 77 : 1);
}

export function mcpCommand(): Command {
  return new Command('mcp')
    .description(
      'serve the agent MCP tools on stdio (Streamable HTTP is served by `airlock start` at /mcp). Needs AIRLOCK_AGENT_TOKEN; AIRLOCK_URL defaults to http://127.0.0.1:4480',
    )
    .option('--stdio', 'speak MCP on stdin/stdout (for clients that spawn their servers)')
    .option('--url <url>', 'the running Airlock (overrides AIRLOCK_URL)')
    .action(async (opts: { stdio?: boolean; url?: string }) => {
      if (!opts.stdio) {
        die(new Error('use --stdio, or connect your MCP client to http://HOST:PORT/mcp of `airlock start`'));
      }
      try {
        const env = readMcpEnv();
        const handle = await runStdioServer({
          url: opts.url ?? env.AIRLOCK_URL,
          token: env.AIRLOCK_AGENT_TOKEN,
        });
        process.stderr.write(`airlock mcp: serving agent ${handle.agent.name} on stdio\n`);
        await handle.closed;
        process.exit(0);
      } catch (e) {
        die(e);
      }
    });
}

interface ProxyCliOptions {
  upstreamCommand?: string;
  upstreamUrl?: string;
  upstreamHeader: string[];
  name?: string;
  policy?: string;
  pins?: string;
  repin?: boolean;
  waitSeconds: string;
  dlp: boolean;
  url?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`--upstream-header "${line}": expected "Name: value"`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function mcpProxyCommand(): Command {
  return new Command('mcp-proxy')
    .description(
      "serve another MCP server's tools through Airlock on stdio: reads pass (audited, DLP-redacted), every other call is reviewed first and runs once after approval",
    )
    .addOption(
      new Option(
        '--upstream-command <command>',
        'command line that starts the upstream server on stdio',
      ).conflicts('upstreamUrl'),
    )
    .option('--upstream-url <url>', 'Streamable HTTP URL of the upstream server')
    .option('--upstream-header <header>', '"Name: value" sent to --upstream-url (repeatable)', collect, [])
    .option(
      '--name <name>',
      'upstream name in change.system (mcp:<name>); default derived from the command or URL',
    )
    .option(
      '--policy <file>',
      'proxy policy YAML: hide tools per agent, read_only/governed overrides, redact categories',
    )
    .option('--pins <file>', 'where pinned tool definitions are kept across runs (default: in memory)')
    .option('--repin', "accept the upstream's current tool definitions (after reviewing a reported change)")
    .option(
      '--wait-seconds <n>',
      'how long a reviewed call waits for a decision before returning the hold',
      '10',
    )
    .option('--no-dlp', 'do not scan read results for secrets and personal data')
    .option('--url <url>', 'the running Airlock (overrides AIRLOCK_URL)')
    .action(async (opts: ProxyCliOptions) => {
      try {
        const { defaultDetectors, noDetectors, runMcpProxy, splitCommand } = await import(
          '../../agents/mcp/proxy/index.ts'
        );
        if (!opts.upstreamCommand && !opts.upstreamUrl)
          throw new Error('give --upstream-command "<cmd ...>" or --upstream-url URL');
        const env = readMcpEnv();
        const words = opts.upstreamCommand ? splitCommand(opts.upstreamCommand) : [];
        const [command, ...args] = words;
        if (opts.upstreamCommand && !command) throw new Error('--upstream-command is empty');
        const waitSeconds = Number(opts.waitSeconds);
        if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 55) {
          throw new Error('--wait-seconds: expected a number of seconds from 0 to 55');
        }
        const detect = opts.dlp ? defaultDetectors : noDetectors;
        const handle = await runMcpProxy({
          upstream: command
            ? { command, args }
            : { url: opts.upstreamUrl as string, headers: parseHeaders(opts.upstreamHeader) },
          name: opts.name,
          url: opts.url ?? env.AIRLOCK_URL,
          token: env.AIRLOCK_AGENT_TOKEN,
          detect,
          policyFile: opts.policy,
          pinsFile: opts.pins,
          repin: opts.repin ?? false,
          waitMs: waitSeconds * 1000,
        });
        process.stderr.write(
          `airlock mcp-proxy: ${handle.upstreamName} for agent ${handle.agent.name} on stdio\n`,
        );
        await handle.closed;
        process.exit(0);
      } catch (e) {
        die(e);
      }
    });
}
