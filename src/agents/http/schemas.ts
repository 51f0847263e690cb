// Wire shapes of the v1 API. The OpenAPI document is generated from these.
import { z } from 'zod';
import { boundedDate, boundedRecord, safeString } from '../../governance/input.ts';
import {
  ACTION_STATUSES,
  ActionInput,
  Context,
  MAX_ACTION_TEXT,
  PROVENANCES,
  RequestInput,
} from '../../governance/model.ts';

export const SubmitBody = z.object({
  request_id: safeString().min(1).max(512).nullable(),
  action: ActionInput,
  context: Context.optional(),
  platform: safeString().min(1).max(64).optional(),
});

export const RecordRequestBody = RequestInput.extend({
  agent_id: safeString().min(1).max(512).nullish(),
  provenance: z.enum(PROVENANCES).optional(),
});

export const ApproveBody = z
  .object({
    reason: safeString().max(2_000).optional(),
    text: safeString().max(MAX_ACTION_TEXT).optional(),
  })
  .strict();
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
