CREATE TABLE "business_span_sets" (
	"id" integer PRIMARY KEY NOT NULL,
	"hours_key" text NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_spans" (
	"start_at" timestamp with time zone PRIMARY KEY NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"before_s" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "cases_created" ON "cases" USING btree ("created_at");