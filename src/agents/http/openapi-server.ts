// The OpenAPI paths of the routes mounted beside the v1 actions API: the digest, the local platform's
// messages, the audit trail, the MCP endpoint and the platforms' webhooks.
import { error, queryParams } from './openapi-json.ts';
import { AuditQuery, DigestQuery, LocalMessagesQuery } from './schemas.ts';

const security = [{ bearer: [] }];
const errors = {
  '400': error('A query parameter is invalid; `error.field` names it.'),
  '401': error('Missing, unknown or revoked token.'),
  '403': error('An agent token: this is for reviewers (or the integration token).'),
  '503': error('The database is unreachable.'),
};
const mcp = (summary: string) => ({
  summary,
  description:
    'MCP Streamable HTTP (JSON-RPC; see docs/mcp.md), not a REST resource. Bearer agent token on every request; Host and Origin are checked against AIRLOCK_ALLOWED_HOSTS.',
  security,
  responses: {
    '200': { description: 'JSON-RPC response or an event stream' },
    '400': { description: 'No Mcp-Session-Id and not an initialize request' },
    '401': { description: 'Missing or unknown agent token' },
    '403': { description: 'Host/Origin not allowed, or the session belongs to another agent' },
    '404': { description: 'Unknown session: initialize again' },
    '429': { description: 'This agent has AIRLOCK_MCP_MAX_SESSIONS_PER_AGENT sessions open' },
    '503': { description: 'AIRLOCK_MCP_MAX_SESSIONS sessions are open' },
  },
});
const webhook = (summary: string, description: string) => ({
  post: {
    summary,
    description,
    requestBody: { content: { 'application/json': {}, 'application/x-www-form-urlencoded': {} } },
    responses: {
      '200': { description: 'Handled' },
      '401': { description: 'The signature is missing, stale or wrong' },
    },
  },
});

export const serverPaths = {
  '/v1/digest': {
    get: {
      summary: 'The digest of held actions (reviewer or integration token)',
      security,
      parameters: queryParams(DigestQuery),
      responses: {
        '200': {
          description: 'The digest as JSON (the shape of src/governance/digest/types.ts), Markdown or HTML',
          content: {
            'application/json': { schema: { type: 'object' } },
            'text/markdown': { schema: { type: 'string' } },
            'text/html': { schema: { type: 'string' } },
          },
        },
        ...errors,
      },
    },
  },
  '/v1/local/messages': {
    get: {
      summary:
        'What the built-in local platform shows: posts, review cards, requester notices, digests (reviewer token)',
      security,
      parameters: queryParams(LocalMessagesQuery),
      responses: {
        '200': {
          description:
            '{messages: [{id, type, action_id, channel, thread, recipient, text, data, created_at, updated_at}], deliveries?} (deliveries: how many times the action reached the platform, with action_id)',
        },
        ...errors,
      },
    },
  },
  '/v1/audit': {
    get: {
      summary: 'The hash-chained audit trail, by request or action (reviewer or integration token)',
      security,
      parameters: queryParams(AuditQuery),
      responses: {
        '200': {
          description:
            '{events: [{seq, at, actor, type, action_id, data, prev_hash, hash}], chain?: {ok, events, headHash} | {ok: false, seq, problem}}',
        },
        ...errors,
      },
    },
  },
  '/mcp': {
    post: mcp('MCP: initialize a session, or send JSON-RPC messages on one (agent token)'),
    get: mcp('MCP: the server-to-client event stream of a session (agent token)'),
    delete: mcp('MCP: close a session (agent token)'),
  },
  '/slack/events': webhook(
    'Slack events, interactions and slash commands (when Slack is configured)',
    'Verified with SLACK_SIGNING_SECRET (signature, freshness, replay) before anything is read. See docs/slack.md.',
  ),
  '/discord/interactions': webhook(
    'Discord interactions (when Discord is configured)',
    'Verified with DISCORD_PUBLIC_KEY (Ed25519) before anything is read. See docs/discord.md.',
  ),
  '/forum/webhooks': webhook(
    'Discourse webhooks: mentions of agents, replies in review topics (when the forum is configured)',
    'Verified with DISCOURSE_WEBHOOK_SECRET (HMAC-SHA256 in X-Discourse-Event-Signature) before anything is read; event ids de-duplicated. See docs/forum.md.',
  ),
  '/openapi.json': {
    get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
  },
};
