-- A new case was queued for its analytics facts twice: by the insert of the case and by the
-- insert of its `created` event, in the same transaction (0015 added `created` to the events
-- that queue). A `created` event is only ever written with its case, whose insert queues it,
-- so inserting one queues nothing more; changing or deleting one still queues its case.
CREATE OR REPLACE FUNCTION "ayuda_facts_queue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "old_rows" WHERE "type" IN ('status_changed', 'created', 'lane_changed');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows" WHERE "type" IN ('status_changed', 'created', 'lane_changed');
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "case_facts_dirty" ("case_id") SELECT DISTINCT "case_id" FROM "new_rows" WHERE "type" IN ('status_changed', 'lane_changed');
  END IF;
  RETURN NULL;
END $$;
