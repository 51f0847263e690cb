// Where the upstream MCP servers from npm are: the repository's node_modules (devDependencies
// @modelcontextprotocol/server-filesystem, server-everything, conformance), or MCP_UPSTREAMS_DIR for a
// throwaway install (`npm install --prefix /tmp/mcp-upstreams ...`). Tests skip, saying so, when absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');

export type UpstreamBin = 'mcp-server-filesystem' | 'mcp-server-everything' | 'conformance';

export function upstreamBin(name: UpstreamBin): string | null {
  const dirs = [REPO, process.env['MCP_UPSTREAMS_DIR']].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const bin = join(dir, 'node_modules', '.bin', name);
    if (existsSync(bin)) return bin;
  }
  return null;
}

export const missingUpstreams = (...names: UpstreamBin[]): string | null => {
  const missing = names.filter((n) => !upstreamBin(n));
  return missing.length === 0
    ? null
    : `skipped: ${missing.join(', ')} not installed (add the devDependencies, or set MCP_UPSTREAMS_DIR to an npm --prefix install)`;
};
