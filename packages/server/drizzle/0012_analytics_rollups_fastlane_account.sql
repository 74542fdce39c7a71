CREATE TABLE "case_fact_hist" (
	"month" timestamp with time zone NOT NULL,
	"lane" text NOT NULL,
	"kind" integer NOT NULL,
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "case_fact_hist_month_lane_kind_bucket_pk" PRIMARY KEY("month","lane","kind","bucket")
);
--> statement-breakpoint
CREATE TABLE "case_fact_months" (
	"month" timestamp with time zone NOT NULL,
	"lane" text NOT NULL,
	"cases" integer NOT NULL,
	"first_n" integer NOT NULL,
	"solved_n" integer NOT NULL,
	"ever_solved" integer NOT NULL,
	"reopened" integer NOT NULL,
	"fcr" integer NOT NULL,
	"widget" integer NOT NULL,
	"sla_measured_final" integer NOT NULL,
	"sla_met_final" integer NOT NULL,
	CONSTRAINT "case_fact_months_month_lane_pk" PRIMARY KEY("month","lane")
);
--> statement-breakpoint
CREATE TABLE "case_fact_time" (
	"case_id" integer NOT NULL,
	"month" timestamp with time zone NOT NULL,
	"user_id" integer NOT NULL,
	"lane" text NOT NULL,
	"seconds" double precision NOT NULL,
	CONSTRAINT "case_fact_time_case_id_month_user_id_pk" PRIMARY KEY("case_id","month","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_fact_time_months" (
	"month" timestamp with time zone NOT NULL,
	"lane" text NOT NULL,
	"user_id" integer NOT NULL,
	"seconds" double precision NOT NULL,
	CONSTRAINT "case_fact_time_months_month_lane_user_id_pk" PRIMARY KEY("month","lane","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_facts" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"lane" text NOT NULL,
	"category" text,
	"assignee_id" integer,
	"widget" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"first_s" double precision,
	"solve_s" double precision,
	"first_b" integer,
	"solve_b" integer,
	"ever_solved" boolean NOT NULL,
	"reopened" boolean NOT NULL,
	"fcr" boolean NOT NULL,
	"sla_final" boolean NOT NULL,
	"sla_met_final" boolean NOT NULL,
	"first_response_due" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"resolution_due" timestamp with time zone,
	"solved_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_facts_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_facts_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_months" (
	"month" timestamp with time zone NOT NULL,
	"lane" text NOT NULL,
	"question" text NOT NULL,
	"n" integer NOT NULL,
	"score_sum" bigint NOT NULL,
	"ok" integer NOT NULL,
	"promoters" integer NOT NULL,
	"detractors" integer NOT NULL,
	CONSTRAINT "survey_months_month_lane_question_pk" PRIMARY KEY("month","lane","question")
);
--> statement-breakpoint
ALTER TABLE "fastlane_orders" ADD COLUMN "invoice_id" text;--> statement-breakpoint
ALTER TABLE "fastlane_refunds" ADD COLUMN "reason_code" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
-- Refunds made before the code was kept: who asked tells most of it; Ayuda's own refunds (the
-- SLA guarantee, a duplicate payment) are told apart by the reason text it wrote, in Spanish or
-- English (packages/server/src/fastlane/i18n.ts).
UPDATE "fastlane_refunds" SET "reason_code" = CASE
  WHEN "requested_by" = 'customer' THEN 'customer_request'
  WHEN "requested_by" LIKE 'staff:%' THEN 'goodwill'
  WHEN "requested_by" = 'system' AND "reason" IN ('garantía de tiempo de respuesta', 'response-time guarantee') THEN 'sla_guarantee'
  WHEN "requested_by" = 'system' AND "reason" IN ('pago duplicado', 'duplicate payment') THEN 'duplicate_payment'
  ELSE 'other'
END;--> statement-breakpoint
ALTER TABLE "fastlane_refunds" ALTER COLUMN "reason_code" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "case_facts_created" ON "case_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "case_facts_category" ON "case_facts" USING btree ("category","created_at");--> statement-breakpoint
CREATE INDEX "case_facts_assignee" ON "case_facts" USING btree ("assignee_id","created_at");--> statement-breakpoint
CREATE INDEX "case_facts_open_sla" ON "case_facts" USING btree ("created_at") WHERE not "case_facts"."sla_final";--> statement-breakpoint
CREATE INDEX "case_events_fast_entries" ON "case_events" USING btree ("created_at") WHERE ("case_events"."type" = 'created' and "case_events"."data"->>'lane' = 'fast') or ("case_events"."type" = 'lane_changed' and "case_events"."data"->>'to' = 'fast');--> statement-breakpoint
CREATE INDEX "time_entries_started" ON "time_entries" USING btree ("started_at");--> statement-breakpoint
ALTER TABLE "fastlane_orders" ADD CONSTRAINT "fastlane_orders_invoice_id_unique" UNIQUE("invoice_id");
--> statement-breakpoint
-- Triggers that queue a case's analytics facts for recomputation as events arrive (a row in
-- case_facts_dirty, appended in the writer's transaction; analytics/facts.ts recomputes and
-- removes them). Statement-level with transition tables, so a bulk write queues its cases in one
-- statement; only what the facts read queues anything: any change of a case, status events, and
-- staff messages (a reply, or an internal note that became public), time entries.
CREATE FUNCTION "ayuda_facts_queue_cases"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "id" FROM "old_rows";
  ELSE
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "id" FROM "new_rows";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "ayuda_facts_queue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "old_rows" WHERE "type" = 'status_changed';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows" WHERE "type" = 'status_changed';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "ayuda_facts_queue_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "old_rows" WHERE "author" = 'staff';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows" WHERE "author" = 'staff';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "ayuda_facts_queue_time"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "old_rows";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cases_facts_insert" AFTER INSERT ON "cases" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_cases"();
--> statement-breakpoint
CREATE TRIGGER "cases_facts_update" AFTER UPDATE ON "cases" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_cases"();
--> statement-breakpoint
CREATE TRIGGER "cases_facts_delete" AFTER DELETE ON "cases" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_cases"();
--> statement-breakpoint
CREATE TRIGGER "case_events_facts_insert" AFTER INSERT ON "case_events" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_events"();
--> statement-breakpoint
CREATE TRIGGER "case_events_facts_update" AFTER UPDATE ON "case_events" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_events"();
--> statement-breakpoint
CREATE TRIGGER "case_events_facts_delete" AFTER DELETE ON "case_events" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_events"();
--> statement-breakpoint
CREATE TRIGGER "case_messages_facts_insert" AFTER INSERT ON "case_messages" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_messages"();
--> statement-breakpoint
CREATE TRIGGER "case_messages_facts_update" AFTER UPDATE ON "case_messages" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_messages"();
--> statement-breakpoint
CREATE TRIGGER "case_messages_facts_delete" AFTER DELETE ON "case_messages" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_messages"();
--> statement-breakpoint
CREATE TRIGGER "time_entries_facts_insert" AFTER INSERT ON "time_entries" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_time"();
--> statement-breakpoint
CREATE TRIGGER "time_entries_facts_update" AFTER UPDATE ON "time_entries" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_time"();
--> statement-breakpoint
CREATE TRIGGER "time_entries_facts_delete" AFTER DELETE ON "time_entries" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_facts_queue_time"();
--> statement-breakpoint
-- Cases written before this migration: all of them get their facts at the first refresh.
INSERT INTO "case_facts_dirty" ("case_id") SELECT "id" FROM "cases";
--> statement-breakpoint
-- survey_months follows survey_answers in the writer's transaction, one statement per write
-- (a bulk insert sums its rows first): minus the old rows, plus the new.
CREATE FUNCTION "ayuda_survey_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "survey_months" AS s ("month", "lane", "question", "n", "score_sum", "ok", "promoters", "detractors")
    SELECT date_trunc('month', "answered_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "lane", "question", -1 * count(*), -1 * sum("score"),
      -1 * count(*) FILTER (WHERE ("question" = 'csat' AND "score" >= 4) OR ("question" = 'fastlane_worth' AND "score" = 1)),
      -1 * count(*) FILTER (WHERE "question" = 'nps' AND "score" >= 9), -1 * count(*) FILTER (WHERE "question" = 'nps' AND "score" <= 6)
    FROM "old_rows" GROUP BY 1, 2, 3
    ON CONFLICT ("month", "lane", "question") DO UPDATE SET "n" = s."n" + excluded."n", "score_sum" = s."score_sum" + excluded."score_sum",
      "ok" = s."ok" + excluded."ok", "promoters" = s."promoters" + excluded."promoters", "detractors" = s."detractors" + excluded."detractors";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "survey_months" AS s ("month", "lane", "question", "n", "score_sum", "ok", "promoters", "detractors")
    SELECT date_trunc('month', "answered_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "lane", "question", 1 * count(*), 1 * sum("score"),
      1 * count(*) FILTER (WHERE ("question" = 'csat' AND "score" >= 4) OR ("question" = 'fastlane_worth' AND "score" = 1)),
      1 * count(*) FILTER (WHERE "question" = 'nps' AND "score" >= 9), 1 * count(*) FILTER (WHERE "question" = 'nps' AND "score" <= 6)
    FROM "new_rows" GROUP BY 1, 2, 3
    ON CONFLICT ("month", "lane", "question") DO UPDATE SET "n" = s."n" + excluded."n", "score_sum" = s."score_sum" + excluded."score_sum",
      "ok" = s."ok" + excluded."ok", "promoters" = s."promoters" + excluded."promoters", "detractors" = s."detractors" + excluded."detractors";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "survey_answers_months_insert" AFTER INSERT ON "survey_answers" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_survey_months"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_months_update" AFTER UPDATE ON "survey_answers" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_survey_months"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_months_delete" AFTER DELETE ON "survey_answers" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_survey_months"();
--> statement-breakpoint
-- Answers given before this migration.
INSERT INTO "survey_months" ("month", "lane", "question", "n", "score_sum", "ok", "promoters", "detractors")
SELECT date_trunc('month', "answered_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "lane", "question", count(*), sum("score"),
  count(*) FILTER (WHERE ("question" = 'csat' AND "score" >= 4) OR ("question" = 'fastlane_worth' AND "score" = 1)),
  count(*) FILTER (WHERE "question" = 'nps' AND "score" >= 9), count(*) FILTER (WHERE "question" = 'nps' AND "score" <= 6)
FROM "survey_answers" GROUP BY 1, 2, 3;
