-- A list of finished cases alone (the Solved view, the status filter set to solved or closed) is
-- ordered newest first, by when each case was finished (docs/console.md, "Order"); it is read
-- backwards from this index. The Solved view's old index, in the open cases' order, serves nothing now.
-- IF (NOT) EXISTS: on a large database the index may be built beforehand with CREATE INDEX
-- CONCURRENTLY under the same name (docs/deployment.md).
DROP INDEX IF EXISTS "cases_queue_solved_order";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cases_queue_finished_order" ON "cases" USING btree (coalesce("solved_at", "closed_at", "created_at"),"reference") WHERE "cases"."status" in ('solved', 'closed');
