ALTER TABLE "time_entries" ADD COLUMN "ended_by" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "edited_at" timestamp with time zone;