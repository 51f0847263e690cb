// How tests spawn `airlock mcp ...`: through bin/airlock.mjs once the lead registers the commands in
// src/cli/index.ts, else through cli-entry.ts (same command factories).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './upstreams.ts';

export function airlockCommand(...args: string[]): { command: string; args: string[] } {
  const registered = readFileSync(join(REPO, 'src/cli/index.ts'), 'utf8').includes('mcpProxyCommand');
  return registered
    ? { command: process.execPath, args: [join(REPO, 'bin/airlock.mjs'), ...args] }
    : {
        command: process.execPath,
        args: ['--import', 'tsx', join(REPO, 'test/agents/mcp/cli-entry.ts'), ...args],
      };
}
