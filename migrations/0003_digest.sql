CREATE TABLE "digest_runs" (
	"target" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone,
	"ref" jsonb,
	"error" text,
	CONSTRAINT "digest_runs_target_period_start_pk" PRIMARY KEY("target","period_start")
);
--> statement-breakpoint
CREATE INDEX "actions_created_idx" ON "actions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "actions_held_created_idx" ON "actions" USING btree ("created_at") WHERE "actions"."decision" = 'hold';--> statement-breakpoint
CREATE INDEX "audit_events_type_at_idx" ON "audit_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "reviews_created_idx" ON "reviews" USING btree ("created_at");