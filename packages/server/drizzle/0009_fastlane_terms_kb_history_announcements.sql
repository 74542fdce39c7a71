CREATE TABLE "announcements" (
	"id" serial PRIMARY KEY NOT NULL,
	"locale" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_taxonomy_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"value" jsonb NOT NULL,
	"source" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_by_name" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fastlane_orders" ADD COLUMN "terms" jsonb;--> statement-breakpoint
CREATE INDEX "announcements_active" ON "announcements" USING btree ("locale","ends_at");--> statement-breakpoint
CREATE INDEX "kb_taxonomy_revisions_kind" ON "kb_taxonomy_revisions" USING btree ("kind","id");