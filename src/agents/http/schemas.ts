// Wire shapes of the v1 API. The OpenAPI document is generated from these.
import { z } from 'zod';
import { ACTION_STATUSES, ActionInput, Context, RequestInput } from '../../governance/model.ts';

export const SubmitBody = z.object({
  request_id: z.string().min(1).nullable(),
  action: ActionInput,
  context: Context.optional(),
  platform: z.string().min(1).max(64).optional(),
});

/** Provenance is not accepted: it comes from the caller's token (`api`), or from a verified platform event. */
export const RecordRequestBody = RequestInput.extend({
  agent_id: z.string().min(1).nullish(),
}).strict();

export const ApproveBody = z
  .object({
    content_hash: z.string().min(1).max(128),
    text: z.string().optional(),
    redact: z.boolean().optional(),
    reason: z.string().max(2_000).optional(),
  })
  .strict();
export const ExtendBody = z
  .object({
    hours: z
      .number()
      .positive()
      .max(24 * 30)
      .optional(),
    reason: z.string().max(2_000).optional(),
  })
  .strict();
/** Release, discard, retract: an integration token names the requester it acts for. */
export const RequesterBody = z
  .object({ requester_id: z.string().min(1).max(512).optional(), reason: z.string().max(2_000).optional() })
  .strict();
export const PauseBody = z.object({ reason: z.string().max(2_000).optional() }).strict();
export const LocalMessagesQuery = z.object({
  channel: z.string().min(1).max(512).optional(),
  thread: z.string().min(1).max(512).optional(),
  type: z.enum(['message', 'review_card', 'notice', 'digest']).optional(),
  action_id: z.string().min(1).max(512).optional(),
  recipient: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const RejectBody = z.object({ reason: z.string().max(2_000).optional() }).strict();
export const ListQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const WaitQuery = z.object({
  timeout_ms: z.coerce.number().int().min(0).max(600_000).default(30_000),
});
export const CompleteBody = z.union([
  z.object({ ok: z.literal(true), ref: z.string().max(512).optional() }).strict(),
  z.object({ ok: z.literal(false), error: z.string().min(1).max(4_000) }).strict(),
]);
export const AuditBody = z
  .object({ type: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()).default({}) })
  .strict();
export const RequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  since: z.coerce.date().optional(),
});
