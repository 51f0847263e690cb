CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"request_id" text,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"channel" text,
	"thread" text,
	"recipient" text,
	"text" text NOT NULL,
	"change" jsonb,
	"context" jsonb,
	"content_hash" text NOT NULL,
	"status" text NOT NULL,
	"decision" text NOT NULL,
	"in_scope" boolean NOT NULL,
	"risk" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"rule" text,
	"approvals" jsonb,
	"idempotency_key" text,
	"body_hash" text,
	"platform_ref" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"identities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "agents_name_unique" UNIQUE("name"),
	CONSTRAINT "agents_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"action_id" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"action_id" text,
	"channel" text,
	"thread" text,
	"recipient" text,
	"text" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" text,
	"text" text NOT NULL,
	"requester_id" text NOT NULL,
	"requester_name" text,
	"platform" text NOT NULL,
	"origin_channel" text NOT NULL,
	"origin_thread" text,
	"provenance" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviewers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"identities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "reviewers_name_unique" UNIQUE("name"),
	CONSTRAINT "reviewers_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"action_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"verdict" text NOT NULL,
	"reason" text,
	"edited_text" text,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_reviewers_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."reviewers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "actions_agent_idempotency_key" ON "actions" USING btree ("agent_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "actions_status_idx" ON "actions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "actions_due_idx" ON "actions" USING btree ("next_attempt_at") WHERE "actions"."status" in ('approved', 'publishing');--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "local_messages_type_action" ON "local_messages" USING btree ("type","action_id");--> statement-breakpoint
CREATE INDEX "local_messages_channel_idx" ON "local_messages" USING btree ("channel","created_at");--> statement-breakpoint
CREATE INDEX "requests_agent_created_idx" ON "requests" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_action_idx" ON "reviews" USING btree ("action_id");