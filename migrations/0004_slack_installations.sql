CREATE TABLE "slack_installations" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"team_name" text,
	"enterprise_id" text,
	"enterprise_name" text,
	"is_enterprise_install" boolean DEFAULT false NOT NULL,
	"app_id" text,
	"bot_user_id" text NOT NULL,
	"bot_id" text,
	"bot_token" text NOT NULL,
	"bot_scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"installed_by" text,
	"installed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "slack_workspace_of" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"installation_id" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "slack_workspace_of_kind_key_pk" PRIMARY KEY("kind","key")
);
