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
CREATE INDEX "kb_taxonomy_revisions_kind" ON "kb_taxonomy_revisions" USING btree ("kind","id");