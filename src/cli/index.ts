// The `airlock` command. Every command that prints data also takes --json.
// Only the module of the command being run is loaded: `airlock --help` and `--version` load none, so
// they answer at once, `airlock audit verify` does not pay for the classifier and `airlock classify`
// not for the server. The summaries below are what `airlock --help` lists.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { packagePath } from '../package-root.ts';
import { reportFatal } from './report.ts';

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, Entry> = {
  start: {
    summary: 'start the Airlock server (what `npm start` runs)',
    load: async () => (await import('./commands/start.ts')).startCommand(),
  },
  demo: {
    summary: 'replay the incident Airlock answers, end to end (what `npm run demo` runs)',
    load: async () => (await import('./commands/demo.ts')).demoCommand(),
  },
  migrate: {
    summary: 'apply database migrations (also done at start)',
    load: async () => (await import('./commands/admin.ts')).migrateCommand(),
  },
  agents: {
    summary: 'add, list and revoke agents and their tokens',
    load: async () => (await import('./commands/admin.ts')).agentsCommand(),
  },
  reviewers: {
    summary: 'add, list and revoke reviewers, their groups and tokens',
    load: async () => (await import('./commands/admin.ts')).reviewersCommand(),
  },
  digest: {
    summary: 'print the digest of held actions (md, json or html)',
    load: async () => (await import('./commands/digest.ts')).digestCommand(),
  },
  audit: {
    summary: 'verify or export the tamper-evident audit trail',
    load: async () => (await import('./commands/audit.ts')).auditCommand(),
  },
  classify: {
    summary: 'decide a batch of actions (JSON Lines in, decisions out); no database',
    load: async () => (await import('./commands/classify.ts')).classifyCommand(),
  },
  policy: {
    summary: 'check a policy file',
    load: async () => (await import('./commands/policy.ts')).policyCommand(),
  },
  discord: {
    summary: 'register the /airlock command with Discord',
    load: async () => (await import('./commands/discord.ts')).discordCommand(),
  },
  mcp: {
    summary: 'serve the agent MCP tools on stdio (needs AIRLOCK_AGENT_TOKEN)',
    load: async () => (await import('./commands/mcp.ts')).mcpCommand(),
  },
  'mcp-proxy': {
    summary: "put Airlock in front of another MCP server's tools, on stdio",
    load: async () => (await import('./commands/mcp.ts')).mcpProxyCommand(),
  },
};

function version(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

process.on('unhandledRejection', reportFatal);
process.on('uncaughtException', reportFatal);

try {
  const program = new Command('airlock')
    .description('Airlock: agents propose, Airlock judges, humans review what is held')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError();
  const [first, second] = process.argv.slice(2);
  const wanted = first === 'help' ? second : first;
  for (const [name, entry] of Object.entries(COMMANDS)) {
    // The others are listed by name and summary only; commander still suggests them on a typo.
    const cmd = name === wanted ? await entry.load() : new Command(name);
    program.addCommand(cmd.summary(entry.summary));
  }
  await program.parseAsync();
} catch (e) {
  reportFatal(e);
}
