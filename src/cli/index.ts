// The `airlock` command. Every command that prints data also takes --json.
// Only the module of the command being run is loaded, so `airlock audit verify` does not pay for the
// classifier and `airlock classify` does not pay for the server.
import { Command } from 'commander';

type Loader = () => Promise<Command[]>;

const COMMANDS: Record<string, Loader> = {
  start: async () => [(await import('./commands/start.ts')).startCommand()],
  migrate: async () => [(await import('./commands/admin.ts')).migrateCommand()],
  agents: async () => [(await import('./commands/admin.ts')).agentsCommand()],
  reviewers: async () => [(await import('./commands/admin.ts')).reviewersCommand()],
  audit: async () => [(await import('./commands/audit.ts')).auditCommand()],
  classify: async () => [(await import('./commands/classify.ts')).classifyCommand()],
  policy: async () => [(await import('./commands/policy.ts')).policyCommand()],
  mcp: async () => [(await import('./commands/mcp.ts')).mcpCommand()],
  'mcp-proxy': async () => [(await import('./commands/mcp.ts')).mcpProxyCommand()],
  discord: async () => [(await import('./commands/discord.ts')).discordCommand()],
};

const program = new Command('airlock')
  .description('Airlock: agents propose, Airlock judges, humans review what is held')
  .showHelpAfterError();

const wanted = process.argv[2];
const load = wanted ? COMMANDS[wanted] : undefined;
const loaders = load ? [load] : Object.values(COMMANDS);
for (const l of loaders) for (const c of await l()) program.addCommand(c);
await program.parseAsync();
