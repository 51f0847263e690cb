// Small readers for MCP tool results in tests.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

type AnyResult = CallToolResult | Record<string, unknown>;

export function textOf(result: AnyResult): string {
  const content = (result as CallToolResult).content ?? [];
  return content
    .filter((c): c is Extract<typeof c, { type: 'text' }> => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

export function structured(result: AnyResult): Record<string, unknown> {
  const s = (result as CallToolResult).structuredContent;
  if (!s) throw new Error(`no structuredContent in ${JSON.stringify(result)}`);
  return s;
}
