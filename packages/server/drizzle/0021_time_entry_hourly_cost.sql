ALTER TABLE "case_fact_time" ADD COLUMN "cost" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_fact_time" ADD COLUMN "unpriced_seconds" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_fact_time_months" ADD COLUMN "cost" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_fact_time_months" ADD COLUMN "unpriced_seconds" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "hourly_cost" integer;--> statement-breakpoint
-- Time is costed at the hourly cost its person had when it was logged, not at today's: a raise
-- no longer rewrites last year's margin. Entries logged so far take their person's cost now,
-- which is what every figure used until this migration, so no figure changes today. The
-- facts' trigger is off meanwhile: the rollups below get the same sums directly, and no case
-- has to be computed again.
ALTER TABLE "time_entries" DISABLE TRIGGER "time_entries_facts_update";
--> statement-breakpoint
UPDATE "time_entries" te SET "hourly_cost" = u."hourly_cost" FROM "staff_users" u WHERE u."id" = te."user_id" AND u."hourly_cost" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "time_entries" ENABLE TRIGGER "time_entries_facts_update";
--> statement-breakpoint
UPDATE "case_fact_time" t SET "cost" = CASE WHEN u."hourly_cost" IS NULL THEN 0 ELSE t."seconds" * u."hourly_cost" / 3600.0 END,
  "unpriced_seconds" = CASE WHEN u."hourly_cost" IS NULL THEN t."seconds" ELSE 0 END
  FROM "staff_users" u WHERE u."id" = t."user_id";
--> statement-breakpoint
UPDATE "case_fact_time_months" t SET "cost" = CASE WHEN u."hourly_cost" IS NULL THEN 0 ELSE t."seconds" * u."hourly_cost" / 3600.0 END,
  "unpriced_seconds" = CASE WHEN u."hourly_cost" IS NULL THEN t."seconds" ELSE 0 END
  FROM "staff_users" u WHERE u."id" = t."user_id";
--> statement-breakpoint
-- A new entry takes its person's hourly cost now, whoever writes it (the API, an import, a test).
CREATE FUNCTION "ayuda_time_entry_hourly_cost"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."hourly_cost" IS NULL THEN
    SELECT "hourly_cost" INTO NEW."hourly_cost" FROM "staff_users" WHERE "id" = NEW."user_id";
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "time_entries_hourly_cost" BEFORE INSERT ON "time_entries" FOR EACH ROW EXECUTE FUNCTION "ayuda_time_entry_hourly_cost"();
--> statement-breakpoint
-- Time logged while its person had no hourly cost takes the one set for them next (the
-- console's advice for unpriced time), and the facts' trigger on time_entries then queues
-- those cases so the rollups follow. Time that had a cost keeps it.
CREATE FUNCTION "ayuda_staff_hourly_cost_set"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "time_entries" SET "hourly_cost" = NEW."hourly_cost" WHERE "user_id" = NEW."id" AND "hourly_cost" IS NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "staff_users_hourly_cost_set" AFTER UPDATE OF "hourly_cost" ON "staff_users" FOR EACH ROW
  WHEN (NEW."hourly_cost" IS NOT NULL AND OLD."hourly_cost" IS DISTINCT FROM NEW."hourly_cost") EXECUTE FUNCTION "ayuda_staff_hourly_cost_set"();
