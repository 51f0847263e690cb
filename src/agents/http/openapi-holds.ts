// The OpenAPI paths of what reviewers and requesters do to a hold besides approve and reject: extend it,
// release or discard it (the requester), retract a published post (src/agents/http/v1.ts).
import { error, json, ref } from './openapi-json.ts';
import { ExtendBody, RequesterBody } from './schemas.ts';

const security = [{ bearer: [] }];
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const errors = {
  '400': error('A field is invalid; `error.field` names it.'),
  '401': error('Missing, unknown or revoked token.'),
  '403': error('This token may not do this (an agent token, or a requester who is not the one who asked).'),
  '404': error('No such action.'),
  '409': error('Not possible in the action’s state (`illegal_transition`), or not for this reason.'),
  '503': error('The database is unreachable; nothing was changed.'),
};
const asRequester =
  'A reviewer token (acting as the requester when the identities match, or as a reviewer), or the integration token naming `requester_id`.';

export const holdPaths = {
  '/v1/actions/{id}/extend': {
    post: {
      summary: 'Extend a hold’s expiry by `hours` (reviewer token)',
      security,
      parameters: id,
      requestBody: json(ExtendBody),
      responses: { '200': ref('Action'), ...errors },
    },
  },
  '/v1/actions/{id}/release': {
    post: {
      summary: 'Let it post: the requester releases a hold whose only reason is scope',
      description: `${asRequester} Content risks (secrets, personal data, access changes…) always need a reviewer: 409.`,
      security,
      parameters: id,
      requestBody: json(RequesterBody),
      responses: { '200': ref('Action'), ...errors },
    },
  },
  '/v1/actions/{id}/discard': {
    post: {
      summary: 'The requester discards a hold (it is never published)',
      description: asRequester,
      security,
      parameters: id,
      requestBody: json(RequesterBody),
      responses: { '200': ref('Action'), ...errors },
    },
  },
  '/v1/actions/{id}/retract': {
    post: {
      summary: 'Retract (delete) a published post within AIRLOCK_RETRACT_WINDOW_MINUTES',
      description: `${asRequester} After the window: 409.`,
      security,
      parameters: id,
      requestBody: json(RequesterBody),
      responses: { '200': ref('Action'), ...errors },
    },
  },
};
