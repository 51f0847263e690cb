// The agent's inbox: what humans asked this agent to do, as recorded by the platforms. An action that names
// one of these requests (request_id) is judged against it; one that names none is unrequested.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MAX_DATE, MIN_DATE, safeString } from '../../../governance/input.ts';
import type { StoredRequest } from '../../../governance/model.ts';
import { renderJson, toolCall } from '../render.ts';
import type { ToolDeps } from './deps.ts';

const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

const RequestOut = z.object({
  request_id: z.string(),
  text: z.string().describe("The human's words, verbatim"),
  requester: z.object({ id: z.string(), name: z.string().optional() }),
  platform: z.string(),
  origin: z.object({ channel: z.string(), thread: z.string().nullable() }),
  provenance: z.string().describe('platform: recorded by a platform adapter; api: by a trusted integration'),
  created_at: z.string(),
});
type RequestOut = z.infer<typeof RequestOut>;

function requestOut(r: StoredRequest): RequestOut {
  return {
    request_id: r.id,
    text: r.text,
    requester:
      r.requester.name === undefined
        ? { id: r.requester.id }
        : { id: r.requester.id, name: r.requester.name },
    platform: r.platform,
    origin: { channel: r.origin.channel, thread: r.origin.thread ?? null },
    provenance: r.provenance,
    created_at: new Date(r.createdAt).toISOString(),
  };
}

const describeOne = (r: RequestOut): string =>
  `- ${r.request_id}: ${r.requester.name ?? r.requester.id} on ${r.platform} in ${r.origin.channel}${r.origin.thread ? ` (thread ${r.origin.thread})` : ''}: "${r.text}"`;

export function registerInboxTools(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_requests',
    {
      title: 'List requests humans made of you',
      description:
        'List recent requests people made of you on Slack, Discord, the forum or the console, newest first. Pass a request_id to posting tools so Airlock knows what you were asked to do.',
      inputSchema: {
        limit: z.number().int().min(1).max(100).optional().describe('How many (default 20)'),
        since: z.iso
          .datetime({ offset: true })
          .refine((s) => Date.parse(s) >= MIN_DATE && Date.parse(s) <= MAX_DATE, {
            message: 'must be between 1970-01-01 and 9999-12-31',
          })
          .optional()
          .describe('Only requests after this ISO 8601 time'),
      },
      outputSchema: { requests: z.array(RequestOut) },
      annotations: READ,
    },
    (args) =>
      toolCall(async () => {
        const opts: { limit: number; since?: Date } = { limit: args.limit ?? 20 };
        if (args.since) opts.since = new Date(args.since);
        const requests = (await deps.gateway.listRequests(deps.agent, opts)).map(requestOut);
        const lead =
          requests.length === 0
            ? 'No requests. Nobody has asked you for anything yet, so anything you post will wait for a reviewer.'
            : `${requests.length} request(s):\n${requests.map(describeOne).join('\n')}`;
        return renderJson(lead, { requests });
      }),
  );

  server.registerTool(
    'get_request',
    {
      title: 'Get one request',
      description: 'Get one request a human made of you, by its request_id.',
      inputSchema: { request_id: safeString().min(1).max(512).describe('The request id from list_requests') },
      outputSchema: RequestOut.shape,
      annotations: READ,
    },
    (args) =>
      toolCall(async () => {
        const r = requestOut(await deps.gateway.getRequest(deps.agent, args.request_id));
        return renderJson(describeOne(r).slice(2), r);
      }),
  );
}
