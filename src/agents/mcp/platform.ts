// The `mcp` platform: actions the MCP firewall proxy stages (upstream tool calls). Airlock never
// executes them itself (`external`): after a publish decision or an approval, the proxy claims the
// action and runs it upstream exactly once. Review cards and notices go to the human-facing platform
// given here (the local console by default), so reviewers see proxy calls beside everything else.
import type { Platform } from '../../governance/ports.ts';

export function createMcpExecutionPlatform(reviewSurface: Platform): Platform {
  return {
    name: 'mcp',
    maxTextLength: 1_000_000,
    external: true,
    publish: async () => {
      throw new Error('mcp actions are executed by the MCP proxy after approval, not published by Airlock');
    },
    requestReview: (input) => reviewSurface.requestReview(input),
    updateReview: (input) => reviewSurface.updateReview(input),
    notifyRequester: (input) => reviewSurface.notifyRequester(input),
    postDigest: async () => null,
  };
}
