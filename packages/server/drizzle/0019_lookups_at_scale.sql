-- Lookups that read a whole table, found by an audit at 200,000 cases and orders, 1,000,000 case
-- events and 500,000 audit entries (docs/performance.md, "Lookups at scale"): each index serves a
-- query that repeats its expression or predicate.
-- IF NOT EXISTS: on a large database the indexes may be built beforehand with CREATE INDEX
-- CONCURRENTLY under the same names (docs/deployment.md), and this then builds none of them.
CREATE INDEX IF NOT EXISTS "appointments_booked_staff_blocked" ON "appointments" USING btree ("staff_user_id","blocked_until") WHERE "appointments"."status" = 'booked';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appointments_ends" ON "appointments" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appointments_customer" ON "appointments" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_log_target" ON "audit_log" USING btree ("target","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "callbacks_email" ON "callbacks" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "callbacks_closed" ON "callbacks" USING btree ("status","closed_at","created_at","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "callbacks_customer" ON "callbacks" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_queue_open_order" ON "cases" USING btree ((case when "lane" = 'fast' then 0 else 1 end),coalesce(case when "status" in ('solved', 'closed') then null when "first_responded_at" is null then "first_response_due" else "resolution_due" end, 'infinity'::timestamptz),"reference") WHERE "cases"."status" in ('new', 'open', 'pending_customer');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_queue_solved_order" ON "cases" USING btree ((case when "lane" = 'fast' then 0 else 1 end),coalesce(case when "status" in ('solved', 'closed') then null when "first_responded_at" is null then "first_response_due" else "resolution_due" end, 'infinity'::timestamptz),"reference") WHERE "cases"."status" = 'solved';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_fast_late" ON "cases" USING btree ("id") WHERE "cases"."lane" = 'fast' and ("cases"."first_responded_at" is null or "cases"."first_responded_at" > "cases"."first_response_due");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_fast_entered" ON "cases" USING btree ((coalesce("lane_changed_at", "created_at"))) WHERE "cases"."lane" = 'fast';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customer_sessions_customer" ON "customer_sessions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "inbound_mail_sender" ON "inbound_mail" USING btree ("sender");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "inbound_mail_envelope_from" ON "inbound_mail" USING btree ("envelope_from");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mail_outbox_account_deleted" ON "mail_outbox" USING btree ("id") WHERE "mail_outbox"."template" = 'account_deleted';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "opportunities_customer" ON "opportunities" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "survey_answers_customer" ON "survey_answers" USING btree ("customer_id");