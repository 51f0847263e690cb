CREATE TABLE "action_refs" (
	"action_id" text NOT NULL,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"ref" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "action_refs_action_id_kind_pk" PRIMARY KEY("action_id","kind")
);
--> statement-breakpoint
CREATE TABLE "platform_interactions" (
	"platform" text NOT NULL,
	"interaction_id" text NOT NULL,
	"action_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "platform_interactions_platform_interaction_id_pk" PRIMARY KEY("platform","interaction_id")
);
--> statement-breakpoint
CREATE TABLE "request_grants" (
	"id" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"action_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"granted_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "local_messages_type_action";--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "pause_reason" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "event_platform" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "event_id" text;--> statement-breakpoint
ALTER TABLE "action_refs" ADD CONSTRAINT "action_refs_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_grants" ADD CONSTRAINT "request_grants_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_grants_request_idx" ON "request_grants" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_event_idx" ON "requests" USING btree ("event_platform","event_id");--> statement-breakpoint
CREATE INDEX "local_messages_type_action" ON "local_messages" USING btree ("type","action_id");