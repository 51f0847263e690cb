// Runs the MCP commands the way `airlock` does, for tests while src/cli/index.ts does not register them yet.
import { Command } from 'commander';
import { mcpCommand, mcpProxyCommand } from '../../../src/cli/commands/mcp.ts';

const program = new Command('airlock').addCommand(mcpCommand()).addCommand(mcpProxyCommand());
await program.parseAsync();
