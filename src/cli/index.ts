// The `airlock` command. Every command that prints data also takes --json.
import { Command } from 'commander';
import { agentsCommand, migrateCommand, reviewersCommand } from './commands/admin.ts';
import { auditCommand } from './commands/audit.ts';
import { classifyCommand } from './commands/classify.ts';
import { policyCommand } from './commands/policy.ts';
import { startCommand } from './commands/start.ts';

const program = new Command('airlock')
  .description('Airlock: agents propose, Airlock judges, humans review what is held')
  .showHelpAfterError();
program.addCommand(startCommand());
program.addCommand(migrateCommand());
program.addCommand(agentsCommand());
program.addCommand(reviewersCommand());
program.addCommand(auditCommand());
program.addCommand(classifyCommand());
program.addCommand(policyCommand());
await program.parseAsync();
