// The admin endpoints' part of the OpenAPI document (src/agents/http/admin.ts).
import { z } from 'zod';
import { AddAgentBody, AddReviewerBody } from './admin.ts';
import { PauseBody } from './schemas.ts';

const json = (schema: z.ZodType) => ({
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const errors = {
  '400': error('A field is invalid; `error.field` names it.'),
  '401': error('Missing, unknown or revoked token.'),
  '403': error('Not an admin: a reviewer in group `admin` (or the local admin token) is needed.'),
  '503': error('The database is unreachable; nothing was changed.'),
};
const security = [{ bearer: [] }];
const name = [
  { name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'name or id' },
];
const created = (what: string) => ({
  description: `Created. \`token\` is shown this once: only its hash is stored. {${what}, token}`,
});

export const adminPaths = {
  '/v1/agents': {
    get: {
      summary: 'List agents (admin)',
      security,
      responses: { '200': { description: '{agents: Agent[]}' }, ...errors },
    },
    post: {
      summary: 'Add an agent and get its token (admin)',
      security,
      requestBody: json(AddAgentBody),
      responses: { '201': created('agent'), '409': error('An agent of that name exists.'), ...errors },
    },
  },
  '/v1/agents/{name}/revoke': {
    post: {
      summary: 'Revoke an agent: its token stops working at once (admin)',
      security,
      parameters: name,
      responses: { '200': { description: 'Agent' }, '404': error('No such agent.'), ...errors },
    },
  },
  '/v1/agents/{name}/pause': {
    post: {
      summary:
        'Pause an agent (the kill switch): from now on every action of it is held, approved-but-unpublished ones included (admin)',
      security,
      parameters: name,
      requestBody: json(PauseBody),
      responses: { '200': { description: 'Agent' }, '404': error('No such agent.'), ...errors },
    },
  },
  '/v1/agents/{name}/resume': {
    post: {
      summary: 'Resume a paused agent: its actions are judged as usual again (admin)',
      security,
      parameters: name,
      responses: { '200': { description: 'Agent' }, '404': error('No such agent.'), ...errors },
    },
  },
  '/v1/reviewers': {
    get: {
      summary: 'List reviewers and their groups (admin)',
      security,
      responses: { '200': { description: '{reviewers: Reviewer[]}' }, ...errors },
    },
    post: {
      summary: 'Add a reviewer and get its token (admin)',
      security,
      requestBody: json(AddReviewerBody),
      responses: { '201': created('reviewer'), '409': error('A reviewer of that name exists.'), ...errors },
    },
  },
  '/v1/reviewers/{name}/revoke': {
    post: {
      summary: 'Revoke a reviewer: its token stops working at once (admin)',
      security,
      parameters: name,
      responses: { '200': { description: 'Reviewer' }, '404': error('No such reviewer.'), ...errors },
    },
  },
};
