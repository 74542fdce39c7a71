-- The lookups a Stripe webhook makes of orders: the other orders of a paid incident's case
-- (ordersToFulfil), the order a refund or a dispute names by its payment, a subscription's first
-- order. Each read every order ever made before.
-- IF NOT EXISTS: they may be built beforehand with CREATE INDEX CONCURRENTLY (docs/deployment.md).
CREATE INDEX IF NOT EXISTS "fastlane_orders_case" ON "fastlane_orders" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "fastlane_orders_payment_intent" ON "fastlane_orders" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "fastlane_orders_subscription" ON "fastlane_orders" USING btree ("subscription_id");