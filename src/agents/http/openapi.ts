// The OpenAPI 3.1 description served at /openapi.json; request bodies come from the same zod schemas
// the handlers validate with, so the two cannot drift.
import { z } from 'zod';
import { ACTION_STATUSES } from '../../governance/model.ts';
import { adminPaths } from './openapi-admin.ts';
import { holdPaths } from './openapi-holds.ts';
import { serverPaths } from './openapi-server.ts';
import {
  ApproveBody,
  AuditBody,
  CompleteBody,
  RecordRequestBody,
  RejectBody,
  SubmitBody,
} from './schemas.ts';

const json = (schema: z.ZodType) => ({
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});
const ref = (name: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});
const errors = {
  '400': { description: 'A field is invalid; `error.field` names it.', ...ref('Error') },
  '401': { description: 'Missing, unknown or revoked token.', ...ref('Error') },
  '503': { description: 'The database is unreachable; nothing was changed.', ...ref('Error') },
};
const auth = [{ bearer: [] }];
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Airlock',
      version: '1',
      description:
        'Agents submit actions; Airlock stages, judges, and publishes them or holds them for reviewers.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Agent (alk_agent_…), reviewer (alk_reviewer_…) or integration token; the admin endpoints also take the local admin token (alk_admin_…).',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                field: { type: 'string' },
              },
            },
          },
        },
        Action: {
          type: 'object',
          description: 'An action as Airlock sees it: status, decision, risk and reasons.',
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: [...ACTION_STATUSES] },
            decision: { type: 'string', enum: ['publish', 'hold', 'block'] },
            in_scope: { type: 'boolean' },
            risk: { type: 'string', enum: ['none', 'low', 'medium', 'high', 'critical'] },
            reasons: { type: 'array', items: { type: 'object' } },
            platform_ref: { type: ['string', 'null'] },
          },
        },
      },
    },
    paths: {
      '/v1/requests': {
        post: {
          summary: "Record a human's request of an agent (integration or reviewer token)",
          security: auth,
          requestBody: json(RecordRequestBody),
          responses: { '201': { description: 'Recorded' }, ...errors },
        },
      },
      '/v1/actions': {
        post: {
          summary: 'Submit an action (agent token)',
          security: auth,
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 255 },
              description: 'Same key and body returns the first result; another body is 409.',
            },
          ],
          requestBody: json(SubmitBody),
          responses: {
            '201': { description: 'Staged and decided', ...ref('Action') },
            '200': {
              description: 'Replay of an earlier submission with the same Idempotency-Key',
              ...ref('Action'),
            },
            '409': { description: 'Idempotency-Key reused with another body', ...ref('Error') },
            '413': { description: "Text over the platform's limit", ...ref('Error') },
            ...errors,
          },
        },
        get: {
          summary: 'List actions (reviewers see all, agents their own)',
          security: auth,
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000 } },
          ],
          responses: { '200': { description: '{actions: Action[]}' }, ...errors },
        },
      },
      '/v1/actions/{id}': {
        get: {
          summary: 'One action',
          security: auth,
          parameters: id,
          responses: { '200': ref('Action'), '404': ref('Error'), ...errors },
        },
      },
      '/v1/actions/{id}/wait': {
        get: {
          summary: 'Long-poll until the action leaves received/held (agent token)',
          security: auth,
          parameters: [
            ...id,
            { name: 'timeout_ms', in: 'query', schema: { type: 'integer', maximum: 600000 } },
          ],
          responses: { '200': ref('Action'), ...errors },
        },
      },
      '/v1/actions/{id}/approve': {
        post: {
          summary:
            'Approve exactly `content_hash`; optionally edit (`text`) or redact the marked spans (`redact`) first, and the new content is judged again (reviewer token)',
          security: auth,
          parameters: id,
          requestBody: json(ApproveBody),
          responses: { '200': ref('Action'), '409': ref('Error'), ...errors },
        },
      },
      '/v1/actions/{id}/reject': {
        post: {
          summary: 'Reject (reviewer token)',
          security: auth,
          parameters: id,
          requestBody: json(RejectBody),
          responses: { '200': ref('Action'), '409': ref('Error'), ...errors },
        },
      },
      '/v1/actions/{id}/withdraw': {
        post: {
          summary: 'Withdraw a held action (agent token)',
          security: auth,
          parameters: id,
          responses: { '200': ref('Action'), ...errors },
        },
      },
      '/v1/actions/{id}/claim': {
        post: {
          summary: 'Claim an approved action for external execution (MCP proxy)',
          security: auth,
          parameters: id,
          responses: { '200': ref('Action'), '409': ref('Error'), ...errors },
        },
      },
      '/v1/actions/{id}/complete': {
        post: {
          summary: 'Report the outcome of an external execution',
          security: auth,
          parameters: id,
          requestBody: json(CompleteBody),
          responses: { '200': ref('Action'), ...errors },
        },
      },
      '/v1/agent/me': {
        get: {
          summary: 'The agent behind the token',
          security: auth,
          responses: { '200': { description: 'Agent' }, ...errors },
        },
      },
      '/v1/agent/requests': {
        get: {
          summary: "The agent's inbox: requests humans made of it",
          security: auth,
          responses: { '200': { description: '{requests: Request[]}' }, ...errors },
        },
      },
      '/v1/agent/requests/{id}': {
        get: {
          summary: 'One request',
          security: auth,
          parameters: id,
          responses: { '200': { description: 'Request' }, ...errors },
        },
      },
      '/v1/agent/audit': {
        post: {
          summary: 'Record an audited agent event (e.g. a read)',
          security: auth,
          requestBody: json(AuditBody),
          responses: { '204': { description: 'Recorded' }, ...errors },
        },
      },
      ...holdPaths,
      ...adminPaths,
      ...serverPaths,
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'ok' } } } },
      '/readyz': {
        get: {
          summary: 'Database reachable and migrations applied',
          responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain' } } },
      },
    },
  };
}
