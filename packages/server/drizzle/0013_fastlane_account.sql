ALTER TABLE "fastlane_orders" ADD COLUMN "invoice_id" text;--> statement-breakpoint
ALTER TABLE "fastlane_orders" ADD CONSTRAINT "fastlane_orders_invoice_id_unique" UNIQUE("invoice_id");--> statement-breakpoint
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
CREATE INDEX "case_events_fast_entries" ON "case_events" USING btree ("created_at") WHERE ("case_events"."type" = 'created' and "case_events"."data"->>'lane' = 'fast') or ("case_events"."type" = 'lane_changed' and "case_events"."data"->>'to' = 'fast');
