// The database schema. `npm run db:generate` turns changes here into SQL under migrations/;
// the same migrations run on PGlite (embedded default) and PostgreSQL.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Approvals, ConfigChange, Context, Reason } from '../governance/model.ts';
import type { PlatformRef } from '../governance/ports.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const agents = pgTable('agents', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  tokenHash: text('token_hash').notNull().unique(),
  identities: jsonb('identities').$type<Record<string, string>>().notNull().default({}),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
  /** Kill switch: while set, every action of this agent is held (`policy.agent_paused`). */
  pausedAt: ts('paused_at'),
  pauseReason: text('pause_reason'),
});

export const reviewers = pgTable('reviewers', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  tokenHash: text('token_hash').notNull().unique(),
  groups: jsonb('groups').$type<string[]>().notNull().default([]),
  identities: jsonb('identities').$type<Record<string, string>>().notNull().default({}),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
});

export const requests = pgTable(
  'requests',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id').references(() => agents.id),
    text: text('text').notNull(),
    requesterId: text('requester_id').notNull(),
    requesterName: text('requester_name'),
    platform: text('platform').notNull(),
    originChannel: text('origin_channel').notNull(),
    originThread: text('origin_thread'),
    provenance: text('provenance', { enum: ['platform', 'api', 'agent'] }).notNull(),
    /** Who recorded it: `reviewer:<id>`, `integration`, or `platform:<name>` (a verified platform event). */
    recordedBy: text('recorded_by'),
    /** The platform's event id, for requests from verified platform events (replays return the first). */
    eventPlatform: text('event_platform'),
    eventId: text('event_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('requests_agent_created_idx').on(t.agentId, t.createdAt),
    uniqueIndex('requests_event_idx').on(t.eventPlatform, t.eventId),
  ],
);

/** Requester consent: "let it post", recorded on the request for one action's exact content. */
export const requestGrants = pgTable(
  'request_grants',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    actionId: text('action_id').notNull(),
    contentHash: text('content_hash').notNull(),
    grantedBy: text('granted_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('request_grants_request_idx').on(t.requestId)],
);

export const actions = pgTable(
  'actions',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id),
    requestId: text('request_id').references(() => requests.id),
    kind: text('kind', { enum: ['post', 'reply', 'dm', 'config_change'] }).notNull(),
    platform: text('platform').notNull(),
    channel: text('channel'),
    thread: text('thread'),
    recipient: text('recipient'),
    text: text('text').notNull(),
    change: jsonb('change').$type<ConfigChange>(),
    context: jsonb('context').$type<Context>(),
    contentHash: text('content_hash').notNull(),
    status: text('status').notNull(),
    decision: text('decision', { enum: ['publish', 'hold', 'block'] }).notNull(),
    inScope: boolean('in_scope').notNull(),
    risk: text('risk').notNull(),
    reasons: jsonb('reasons').$type<Reason[]>().notNull(),
    rule: text('rule'),
    approvals: jsonb('approvals').$type<Approvals>(),
    idempotencyKey: text('idempotency_key'),
    bodyHash: text('body_hash'),
    platformRef: text('platform_ref'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    expiresAt: ts('expires_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    decidedAt: ts('decided_at'),
    publishedAt: ts('published_at'),
    /** Set once, with a guard, by whichever worker sent the reminder / escalated the hold. */
    remindedAt: ts('reminded_at'),
    escalatedAt: ts('escalated_at'),
  },
  (t) => [
    uniqueIndex('actions_agent_idempotency_key').on(t.agentId, t.idempotencyKey),
    index('actions_status_idx').on(t.status, t.createdAt),
    index('actions_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('approved', 'publishing')`),
    // The digest: a period's actions by creation time, and its holds alone.
    index('actions_created_idx').on(t.createdAt),
    index('actions_held_created_idx').on(t.createdAt).where(sql`${t.decision} = 'hold'`),
  ],
);

/** Where a platform put what Airlock wrote for an action: the published message, the review card, the notice. */
export const actionRefs = pgTable(
  'action_refs',
  {
    actionId: text('action_id')
      .notNull()
      .references(() => actions.id),
    kind: text('kind', { enum: ['message', 'review_card', 'notice'] }).notNull(),
    platform: text('platform').notNull(),
    ref: jsonb('ref').$type<PlatformRef>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.kind] })],
);

/** Platform interactions (button clicks) already applied, so a redelivered click changes nothing. */
export const platformInteractions = pgTable(
  'platform_interactions',
  {
    platform: text('platform').notNull(),
    interactionId: text('interaction_id').notNull(),
    actionId: text('action_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.interactionId] })],
);

export const reviews = pgTable(
  'reviews',
  {
    id: text('id').primaryKey(),
    actionId: text('action_id')
      .notNull()
      .references(() => actions.id),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => reviewers.id),
    verdict: text('verdict', { enum: ['approve', 'reject', 'edit'] }).notNull(),
    reason: text('reason'),
    editedText: text('edited_text'),
    /** Hash of exactly the content this review saw (after its edit, if any). */
    contentHash: text('content_hash').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('reviews_action_idx').on(t.actionId), index('reviews_created_idx').on(t.createdAt)],
);

/** Append-only. Each row's hash covers the previous row's hash and its own canonical JSON. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    actionId: text('action_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_action_idx').on(t.actionId),
    // The digest's pauses and retractions: a few event types over a period.
    index('audit_events_type_at_idx').on(t.type, t.at),
  ],
);

/** One row: the chain's head. Appenders lock it, so concurrent workers extend one chain in order. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/** What the built-in local platform "published": messages, review cards, notices, digests. */
export const localMessages = pgTable(
  'local_messages',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['message', 'review_card', 'notice', 'digest'] }).notNull(),
    actionId: text('action_id'),
    channel: text('channel'),
    thread: text('thread'),
    recipient: text('recipient'),
    text: text('text').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // Not unique: every publish call that reaches the local platform is a delivery, so a double post shows.
    index('local_messages_type_action').on(t.type, t.actionId),
    index('local_messages_channel_idx').on(t.channel, t.createdAt),
  ],
);

/**
 * One row per scheduled digest: (target, period_start) is claimed with INSERT … ON CONFLICT DO NOTHING
 * before posting, so several Airlock processes post each period once; the ref is recorded after.
 */
export const digestRuns = pgTable(
  'digest_runs',
  {
    /** Where it goes: `<platform>:<channel>`. */
    target: text('target').notNull(),
    periodStart: ts('period_start').notNull(),
    periodEnd: ts('period_end').notNull(),
    claimedAt: ts('claimed_at').notNull(),
    postedAt: ts('posted_at'),
    ref: jsonb('ref').$type<unknown>(),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.target, t.periodStart] })],
);

/**
 * Slack workspaces Airlock was installed in with "Add to Slack" (several-workspace mode). Keyed by the
 * workspace (team) id, or the enterprise id for an organisation-wide install; a re-install updates the
 * row. `bot_token` is sealed (AES-256-GCM with AIRLOCK_ENCRYPTION_KEY, src/secret-box.ts), never plaintext.
 */
export const slackInstallations = pgTable('slack_installations', {
  id: text('id').primaryKey(),
  teamId: text('team_id'),
  teamName: text('team_name'),
  enterpriseId: text('enterprise_id'),
  enterpriseName: text('enterprise_name'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
  appId: text('app_id'),
  botUserId: text('bot_user_id').notNull(),
  botId: text('bot_id'),
  botToken: text('bot_token').notNull(),
  botScopes: jsonb('bot_scopes').$type<string[]>().notNull().default([]),
  installedBy: text('installed_by'),
  installedAt: ts('installed_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  /** Set by `app_uninstalled` / `tokens_revoked`: publishes to this workspace then fail for good. */
  revokedAt: ts('revoked_at'),
});

/**
 * Which Slack workspace a request, channel or user belongs to, learned from verified events, so that the
 * agent's reply (and the cards and notices about it) go through that workspace's token.
 */
export const slackWorkspaceOf = pgTable(
  'slack_workspace_of',
  {
    kind: text('kind', { enum: ['request', 'channel', 'user'] }).notNull(),
    key: text('key').notNull(),
    installationId: text('installation_id').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);
