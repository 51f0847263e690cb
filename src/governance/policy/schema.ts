// The policy file format, as zod schemas. Every object is strict so that a misspelt key is an error
// with a line number instead of a rule that silently matches everything.
import { z } from 'zod';
import { ACTION_KINDS, CATEGORIES, DECISIONS, RISKS } from '../model.ts';

export const RULE_NAME = /^[a-z0-9_-]+$/;

/** The keys each kind of map accepts, in the order the documentation lists them. */
export const KEYS = {
  policy: ['version', 'name', 'description', 'defaults', 'rules'],
  defaults: ['approvals'],
  approvals: ['count', 'group', 'requester_may_approve'],
  rule: ['name', 'description', 'match', 'decision', 'approvals'],
  match: ['platform', 'channel', 'agent', 'kind', 'in_scope', 'categories', 'risk', 'blocking'],
  risk: ['at_least', 'at_most'],
} as const;

const oneOf = (values: ReadonlyArray<string>) => `must be one of ${values.join(', ')}`;

/** A single value or a non-empty list of them; a single value is read as a list of one. */
function oneOrMany<T extends z.ZodType>(item: T, what: string) {
  return z.preprocess(
    (v) => (Array.isArray(v) ? v : [v]),
    z.array(item).min(1, { error: `must name at least one ${what}` }),
  );
}

const pattern = z
  .string({ error: 'must be a name, an id or a glob such as ext-*' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' });

const risk = z.enum(RISKS, { error: oneOf(RISKS) });

const RiskBounds = z
  .strictObject({ at_least: risk.optional(), at_most: risk.optional() })
  .refine((b) => b.at_least !== undefined || b.at_most !== undefined, {
    error: 'needs at_least or at_most',
  });

/** `risk: high` (exactly), `risk: [medium, high]` (any of), `risk: {at_least: medium}`, `{at_most: low}`. */
const RiskSpec = z.union([RiskBounds, oneOrMany(risk, 'risk level')]);
export type RiskSpec = z.infer<typeof RiskSpec>;

const ApprovalsSpec = z.strictObject({
  count: z
    .number({ error: 'must be a whole number from 1 to 20' })
    .int({ error: 'must be a whole number from 1 to 20' })
    .min(1, { error: 'must be a whole number from 1 to 20' })
    .max(20, { error: 'must be a whole number from 1 to 20' })
    .optional(),
  group: z
    .string({ error: 'must be a reviewer group name' })
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, {
      error: 'must be a reviewer group name: letters, digits, _ . - (at most 64)',
    })
    .optional(),
  requester_may_approve: z.boolean({ error: 'must be true or false' }).optional(),
});
export type ApprovalsSpec = z.infer<typeof ApprovalsSpec>;

const MatchSpec = z.strictObject({
  platform: oneOrMany(pattern, 'platform').optional(),
  channel: oneOrMany(pattern, 'channel').optional(),
  agent: oneOrMany(pattern, 'agent').optional(),
  kind: oneOrMany(z.enum(ACTION_KINDS, { error: oneOf(ACTION_KINDS) }), 'kind').optional(),
  in_scope: z.boolean({ error: 'must be true or false' }).optional(),
  categories: oneOrMany(z.enum(CATEGORIES, { error: oneOf(CATEGORIES) }), 'category').optional(),
  risk: RiskSpec.optional(),
  blocking: z.boolean({ error: 'must be true or false' }).optional(),
});
export type MatchSpec = z.infer<typeof MatchSpec>;

const RuleSpec = z.strictObject({
  name: z
    .string({ error: 'must be a rule name' })
    .regex(RULE_NAME, { error: 'must use only lowercase letters, digits, _ and - ([a-z0-9_-]+)' })
    .max(64, { error: 'must be at most 64 characters' }),
  description: z.string({ error: 'must be a sentence a reviewer can read' }).max(500).optional(),
  match: MatchSpec.nullish(),
  decision: z.enum(DECISIONS, { error: oneOf(DECISIONS) }),
  approvals: ApprovalsSpec.optional(),
});
export type RuleSpec = z.infer<typeof RuleSpec>;

export const PolicySpec = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only policy format version so far)' }),
  name: z.string({ error: 'must be a name' }).min(1).max(128).optional(),
  description: z.string({ error: 'must be a sentence' }).max(2000).optional(),
  defaults: z.strictObject({ approvals: ApprovalsSpec.optional() }).optional(),
  rules: z
    .array(RuleSpec, { error: 'must be a list of rules' })
    .min(1, { error: 'must hold at least one rule (the last one matching everything)' }),
});
export type PolicySpec = z.infer<typeof PolicySpec>;
