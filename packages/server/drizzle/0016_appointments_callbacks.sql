CREATE TABLE "agent_absences" (
	"id" serial PRIMARY KEY NOT NULL,
	"staff_user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_availability" (
	"id" serial PRIMARY KEY NOT NULL,
	"staff_user_id" integer NOT NULL,
	"rrule" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment_moves" (
	"id" serial PRIMARY KEY NOT NULL,
	"appointment_id" text NOT NULL,
	"from_start" timestamp with time zone NOT NULL,
	"to_start" timestamp with time zone NOT NULL,
	"from_staff_user_id" integer NOT NULL,
	"to_staff_user_id" integer NOT NULL,
	"by" text NOT NULL,
	"reason" text NOT NULL,
	"proposal_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment_proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"appointment_id" text NOT NULL,
	"status" text NOT NULL,
	"proposed_start" timestamp with time zone NOT NULL,
	"options" jsonb NOT NULL,
	"reason" text NOT NULL,
	"token_hash" text NOT NULL,
	"proposed_by" integer,
	"proposed_by_name" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"accepted_start" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appointment_proposals_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "appointment_type_agents" (
	"type_key" text NOT NULL,
	"staff_user_id" integer NOT NULL,
	CONSTRAINT "appointment_type_agents_type_key_staff_user_id_pk" PRIMARY KEY("type_key","staff_user_id")
);
--> statement-breakpoint
CREATE TABLE "appointment_types" (
	"key" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb,
	"mode" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"buffer_minutes" integer NOT NULL,
	"min_notice_minutes" integer NOT NULL,
	"max_days_ahead" integer NOT NULL,
	"reserve_share" double precision NOT NULL,
	"release_hours" integer NOT NULL,
	"active" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" text PRIMARY KEY NOT NULL,
	"type_key" text NOT NULL,
	"staff_user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"lane" text NOT NULL,
	"in_reserve" boolean NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"phone" text,
	"notes" text,
	"customer_id" integer,
	"case_id" integer,
	"manage_token_hash" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appointments_manage_token_hash_unique" UNIQUE("manage_token_hash")
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"staff_user_id" integer PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "callback_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"callback_id" text NOT NULL,
	"staff_user_id" integer,
	"by_name" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callbacks" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"lane" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"locale" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"notes" text,
	"customer_id" integer,
	"case_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "agent_absences" ADD CONSTRAINT "agent_absences_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_availability" ADD CONSTRAINT "agent_availability_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_moves" ADD CONSTRAINT "appointment_moves_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_proposals" ADD CONSTRAINT "appointment_proposals_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_proposals" ADD CONSTRAINT "appointment_proposals_proposed_by_staff_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_type_agents" ADD CONSTRAINT "appointment_type_agents_type_key_appointment_types_key_fk" FOREIGN KEY ("type_key") REFERENCES "public"."appointment_types"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_type_agents" ADD CONSTRAINT "appointment_type_agents_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_type_key_appointment_types_key_fk" FOREIGN KEY ("type_key") REFERENCES "public"."appointment_types"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_callback_id_callbacks_id_fk" FOREIGN KEY ("callback_id") REFERENCES "public"."callbacks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_absences_staff_end" ON "agent_absences" USING btree ("staff_user_id","ends_at");--> statement-breakpoint
CREATE INDEX "agent_availability_staff" ON "agent_availability" USING btree ("staff_user_id");--> statement-breakpoint
CREATE INDEX "appointment_moves_appointment" ON "appointment_moves" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_proposals_one_pending" ON "appointment_proposals" USING btree ("appointment_id") WHERE "appointment_proposals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "appointment_type_agents_staff" ON "appointment_type_agents" USING btree ("staff_user_id");--> statement-breakpoint
CREATE INDEX "appointments_staff_start" ON "appointments" USING btree ("staff_user_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_booked_start" ON "appointments" USING btree ("starts_at") WHERE "appointments"."status" = 'booked';--> statement-breakpoint
CREATE INDEX "appointments_email" ON "appointments" USING btree ("email");--> statement-breakpoint
CREATE INDEX "callback_attempts_callback" ON "callback_attempts" USING btree ("callback_id");--> statement-breakpoint
CREATE INDEX "callbacks_waiting" ON "callbacks" USING btree ("lane","due_at") WHERE "callbacks"."status" = 'waiting';--> statement-breakpoint
-- No double booking, in the database: two booked appointments of one agent never overlap
-- (start to end plus buffer). A gist index over two ranges needs no extension, so the same
-- constraint holds on PGlite and PostgreSQL, across every server process.
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist (int4range("staff_user_id", "staff_user_id", '[]') WITH &&, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" = 'booked');
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_times" CHECK ("starts_at" < "ends_at" AND "ends_at" <= "blocked_until");
--> statement-breakpoint
ALTER TABLE "agent_absences" ADD CONSTRAINT "agent_absences_times" CHECK ("starts_at" < "ends_at");
