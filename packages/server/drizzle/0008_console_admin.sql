CREATE TABLE "kb_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"locale" text NOT NULL,
	"slug" text NOT NULL,
	"translation_key" text,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" text NOT NULL,
	"type" text DEFAULT 'article' NOT NULL,
	"body_markdown" text NOT NULL,
	"base_revision_id" integer,
	"updated_by" text NOT NULL,
	"updated_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"locale" text NOT NULL,
	"slug" text NOT NULL,
	"translation_key" text,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" text NOT NULL,
	"type" text DEFAULT 'article' NOT NULL,
	"body_markdown" text NOT NULL,
	"content_hash" text NOT NULL,
	"source" text NOT NULL,
	"published_by" text NOT NULL,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"section" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_by_name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"section" text NOT NULL,
	"value" jsonb,
	"version" integer NOT NULL,
	"changed_by" text NOT NULL,
	"changed_by_name" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_tokens" ADD COLUMN "role" text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "kb_drafts_locale_slug" ON "kb_drafts" USING btree ("locale","slug");--> statement-breakpoint
CREATE INDEX "kb_revisions_article" ON "kb_revisions" USING btree ("locale","slug","id");--> statement-breakpoint
CREATE INDEX "settings_revisions_section" ON "settings_revisions" USING btree ("section","id");