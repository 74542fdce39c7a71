CREATE TABLE "analytics_event_months" (
	"month" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "analytics_event_months_month_type_pk" PRIMARY KEY("month","type")
);
--> statement-breakpoint
CREATE TABLE "case_fact_entry_months" (
	"month" timestamp with time zone PRIMARY KEY NOT NULL,
	"cases" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fastlane_money_months" (
	"month" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"revenue" bigint NOT NULL,
	"refunds" bigint NOT NULL,
	CONSTRAINT "fastlane_money_months_month_currency_pk" PRIMARY KEY("month","currency")
);
--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "sla_decides_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "fast_entered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_facts" ADD COLUMN "fast_reentered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "case_facts_case_lane" ON "case_facts" USING btree ("case_id","lane");--> statement-breakpoint
CREATE INDEX "case_facts_sla_decides" ON "case_facts" USING btree ("sla_decides_at") WHERE "case_facts"."sla_decides_at" is not null;--> statement-breakpoint
CREATE INDEX "case_facts_fast_entered" ON "case_facts" USING btree ("fast_entered_at") WHERE "case_facts"."fast_entered_at" is not null and not "case_facts"."fast_reentered";--> statement-breakpoint
CREATE INDEX "case_facts_fast_reentered" ON "case_facts" USING btree ("case_id") WHERE "case_facts"."fast_reentered";--> statement-breakpoint
CREATE INDEX "case_facts_dirty_case" ON "case_facts_dirty" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "time_entries_running" ON "time_entries" USING btree ("updated_at") WHERE "time_entries"."ended_at" is null;--> statement-breakpoint
-- fastlane_money_months follows fastlane_orders (revenue: an order's amount in the UTC month it
-- was paid) and fastlane_refunds (a succeeded refund's amount in the month it was decided, in its
-- order's currency) in the writer's transaction: minus the old rows, plus the new.
CREATE FUNCTION "ayuda_money_months_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An update that leaves an order's paid month, amount and currency as they were moves nothing
  -- (and locks no month's row: a refund's update of its order must not queue behind others).
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."paid_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', x."currency", -1 * sum(x."amount"), 0
    FROM "old_rows" x
    WHERE x."paid_at" IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "revenue" = m."revenue" + excluded."revenue";
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."paid_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', x."currency", sum(x."amount"), 0
    FROM "new_rows" x
    WHERE x."paid_at" IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "revenue" = m."revenue" + excluded."revenue";
  ELSE
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."paid_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', x."currency", -1 * sum(x."amount"), 0
    FROM "old_rows" x
    WHERE x."paid_at" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "new_rows" y WHERE y."id" = x."id" AND y."paid_at" IS NOT DISTINCT FROM x."paid_at" AND y."amount" = x."amount" AND y."currency" = x."currency")
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "revenue" = m."revenue" + excluded."revenue";
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."paid_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', x."currency", sum(x."amount"), 0
    FROM "new_rows" x
    WHERE x."paid_at" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "old_rows" y WHERE y."id" = x."id" AND y."paid_at" IS NOT DISTINCT FROM x."paid_at" AND y."amount" = x."amount" AND y."currency" = x."currency")
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "revenue" = m."revenue" + excluded."revenue";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "ayuda_money_months_refunds"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."decided_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', o."currency", 0, -1 * sum(x."amount")
    FROM "old_rows" x JOIN "fastlane_orders" o ON o."id" = x."order_id"
    WHERE x."status" = 'succeeded' AND x."decided_at" IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "refunds" = m."refunds" + excluded."refunds";
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."decided_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', o."currency", 0, sum(x."amount")
    FROM "new_rows" x JOIN "fastlane_orders" o ON o."id" = x."order_id"
    WHERE x."status" = 'succeeded' AND x."decided_at" IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "refunds" = m."refunds" + excluded."refunds";
  ELSE
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."decided_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', o."currency", 0, -1 * sum(x."amount")
    FROM "old_rows" x JOIN "fastlane_orders" o ON o."id" = x."order_id"
    WHERE x."status" = 'succeeded' AND x."decided_at" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "new_rows" y WHERE y."id" = x."id" AND y."status" = x."status" AND y."decided_at" IS NOT DISTINCT FROM x."decided_at"
        AND y."amount" = x."amount" AND y."order_id" = x."order_id")
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "refunds" = m."refunds" + excluded."refunds";
    INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
    SELECT date_trunc('month', x."decided_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', o."currency", 0, sum(x."amount")
    FROM "new_rows" x JOIN "fastlane_orders" o ON o."id" = x."order_id"
    WHERE x."status" = 'succeeded' AND x."decided_at" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "old_rows" y WHERE y."id" = x."id" AND y."status" = x."status" AND y."decided_at" IS NOT DISTINCT FROM x."decided_at"
        AND y."amount" = x."amount" AND y."order_id" = x."order_id")
    GROUP BY 1, 2
    ON CONFLICT ("month", "currency") DO UPDATE SET "refunds" = m."refunds" + excluded."refunds";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "fastlane_orders_money_insert" AFTER INSERT ON "fastlane_orders" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_orders"();
--> statement-breakpoint
CREATE TRIGGER "fastlane_orders_money_update" AFTER UPDATE ON "fastlane_orders" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_orders"();
--> statement-breakpoint
CREATE TRIGGER "fastlane_orders_money_delete" AFTER DELETE ON "fastlane_orders" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_orders"();
--> statement-breakpoint
CREATE TRIGGER "fastlane_refunds_money_insert" AFTER INSERT ON "fastlane_refunds" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_refunds"();
--> statement-breakpoint
CREATE TRIGGER "fastlane_refunds_money_update" AFTER UPDATE ON "fastlane_refunds" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_refunds"();
--> statement-breakpoint
CREATE TRIGGER "fastlane_refunds_money_delete" AFTER DELETE ON "fastlane_refunds" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_money_months_refunds"();
--> statement-breakpoint
-- analytics_event_months follows analytics_events (counted per UTC month and type).
CREATE FUNCTION "ayuda_event_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "analytics_event_months" AS m ("month", "type", "n")
    SELECT date_trunc('month', "created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "type", -1 * count(*) FROM "old_rows" GROUP BY 1, 2
    ON CONFLICT ("month", "type") DO UPDATE SET "n" = m."n" + excluded."n";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "analytics_event_months" AS m ("month", "type", "n")
    SELECT date_trunc('month', "created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "type", count(*) FROM "new_rows" GROUP BY 1, 2
    ON CONFLICT ("month", "type") DO UPDATE SET "n" = m."n" + excluded."n";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "analytics_events_months_insert" AFTER INSERT ON "analytics_events" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_event_months"();
--> statement-breakpoint
CREATE TRIGGER "analytics_events_months_update" AFTER UPDATE ON "analytics_events" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_event_months"();
--> statement-breakpoint
CREATE TRIGGER "analytics_events_months_delete" AFTER DELETE ON "analytics_events" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "ayuda_event_months"();
--> statement-breakpoint
-- A case's facts now include its entries into the fast lane: its creation and lane events queue it too.
CREATE OR REPLACE FUNCTION "ayuda_facts_queue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "old_rows" WHERE "type" IN ('status_changed', 'created', 'lane_changed');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows" WHERE "type" IN ('status_changed', 'created', 'lane_changed');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- What was written before this migration.
INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
SELECT date_trunc('month', "paid_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "currency", sum("amount"), 0
FROM "fastlane_orders" WHERE "paid_at" IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "fastlane_money_months" AS m ("month", "currency", "revenue", "refunds")
SELECT date_trunc('month', r."decided_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', o."currency", 0, sum(r."amount")
FROM "fastlane_refunds" r JOIN "fastlane_orders" o ON o."id" = r."order_id"
WHERE r."status" = 'succeeded' AND r."decided_at" IS NOT NULL GROUP BY 1, 2
ON CONFLICT ("month", "currency") DO UPDATE SET "refunds" = m."refunds" + excluded."refunds";
--> statement-breakpoint
INSERT INTO "analytics_event_months" ("month", "type", "n")
SELECT date_trunc('month', "created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "type", count(*) FROM "analytics_events" GROUP BY 1, 2;
--> statement-breakpoint
-- The facts computed so far get their entries from the events (as analytics/facts.ts computes
-- them); cases still queued get them when the queue is computed.
UPDATE "case_facts" f SET "fast_entered_at" = x."first_at", "fast_reentered" = x."n" > 1
FROM (
  SELECT "case_id", min("created_at") AS "first_at", count(*) AS "n" FROM "case_events"
  WHERE ("type" = 'created' AND "data"->>'lane' = 'fast') OR ("type" = 'lane_changed' AND "data"->>'to' = 'fast')
  GROUP BY "case_id"
) x WHERE x."case_id" = f."case_id";
--> statement-breakpoint
INSERT INTO "case_fact_entry_months" ("month", "cases")
SELECT date_trunc('month', "fast_entered_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*) FROM "case_facts"
WHERE "fast_entered_at" IS NOT NULL AND NOT "fast_reentered" GROUP BY 1;
--> statement-breakpoint
-- Outcomes still open get the instant the clock decides them: the first refresh after it recomputes them.
UPDATE "case_facts" SET "sla_decides_at" = CASE WHEN "first_responded_at" IS NULL THEN "first_response_due" ELSE "resolution_due" END
WHERE NOT "sla_final";
