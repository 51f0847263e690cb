// Wire shapes of the v1 API. The OpenAPI document is generated from these.
import { z } from 'zod';
import { boundedDate, boundedRecord, safeString } from '../../governance/input.ts';
import {
  ACTION_STATUSES,
  ActionInput,
  Context,
  MAX_ACTION_TEXT,
  RequestInput,
} from '../../governance/model.ts';

export const SubmitBody = z.object({
  request_id: safeString().min(1).max(512).nullable(),
  action: ActionInput,
  context: Context.optional(),
  platform: safeString().min(1).max(64).optional(),
});

/** Provenance is not accepted: it comes from the caller's token (`api`), or from a verified platform event. */
export const RecordRequestBody = RequestInput.extend({
  agent_id: safeString().min(1).nullish(),
}).strict();

export const ApproveBody = z
  .object({
    content_hash: safeString().min(1).max(128),
    text: safeString().max(MAX_ACTION_TEXT).optional(),
    redact: z.boolean().optional(),
    reason: safeString().max(2_000).optional(),
  })
  .strict();
export const ExtendBody = z
  .object({
    hours: z
      .number()
      .positive()
      .max(24 * 30)
      .optional(),
    reason: safeString().max(2_000).optional(),
  })
  .strict();
/** Release, discard, retract: an integration token names the requester it acts for. */
export const RequesterBody = z
  .object({
    requester_id: safeString().min(1).max(512).optional(),
    reason: safeString().max(2_000).optional(),
  })
  .strict();
export const PauseBody = z.object({ reason: safeString().max(2_000).optional() }).strict();
export const LocalMessagesQuery = z.object({
  channel: safeString().min(1).max(512).optional(),
  thread: safeString().min(1).max(512).optional(),
  type: z.enum(['message', 'review_card', 'notice', 'digest']).optional(),
  action_id: safeString().min(1).max(512).optional(),
  recipient: safeString().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const RejectBody = z.object({ reason: safeString().max(2_000).optional() }).strict();
export const ListQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const WaitQuery = z.object({
  timeout_ms: z.coerce.number().int().min(0).max(600_000).default(30_000),
});
export const CompleteBody = z.union([
  z.object({ ok: z.literal(true), ref: safeString().max(512).optional() }).strict(),
  z.object({ ok: z.literal(false), error: safeString().min(1).max(4_000) }).strict(),
]);
export const AuditBody = z
  .object({ type: safeString().min(1).max(64), data: boundedRecord().default({}) })
  .strict();
export const RequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  since: boundedDate().optional(),
});
export const DigestQuery = z.object({
  since: z.string().max(64).optional().describe('7d, 24h, or a date (2026-11-23); default the last 7 days'),
  // The formats of DIGEST_FORMATS (digest-service.ts), spelled out: importing it would load the renderer here.
  format: z.enum(['json', 'md', 'html']).default('json'),
  tz: z.string().max(64).optional().describe('IANA time zone days are counted in; default AIRLOCK_TIME_ZONE'),
});
export const AuditQuery = z.object({
  action_id: safeString().min(1).max(512).optional().describe("only this action's events"),
  request_id: safeString()
    .min(1)
    .max(512)
    .optional()
    .describe('the request and every event of the actions citing it'),
  after: z.coerce.number().int().min(0).default(0).describe('events with seq greater than this'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  verify: z.enum(['true', 'false']).default('false').describe('also verify the whole hash chain'),
});
