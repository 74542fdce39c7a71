CREATE TABLE "data_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"customer_id" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_mail" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_key" text NOT NULL,
	"case_id" integer,
	"sender" text NOT NULL,
	"envelope_from" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"message_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_mail_message_key_unique" UNIQUE("message_key")
);
--> statement-breakpoint
CREATE TABLE "pulse_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"week" date NOT NULL,
	"score" integer NOT NULL,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "pulse_participation" (
	"staff_user_id" integer NOT NULL,
	"week" date NOT NULL,
	CONSTRAINT "pulse_participation_staff_user_id_week_pk" PRIMARY KEY("staff_user_id","week")
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"question" text NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"lane" text NOT NULL,
	"category" text,
	"agent_id" integer,
	"agent" text,
	"customer_id" integer NOT NULL,
	"locale" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"commented_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"case_id" integer NOT NULL,
	"question" text NOT NULL,
	"customer_id" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_invitations_case_id_question_pk" PRIMARY KEY("case_id","question")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pulse_participation" ADD CONSTRAINT "pulse_participation_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_agent_id_staff_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_requests_created" ON "data_requests" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "data_requests_customer" ON "data_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "inbound_mail_case" ON "inbound_mail" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "inbound_mail_created" ON "inbound_mail" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "pulse_answers_week" ON "pulse_answers" USING btree ("week");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_case_question" ON "survey_answers" USING btree ("case_id","question");--> statement-breakpoint
CREATE INDEX "survey_answers_period" ON "survey_answers" USING btree ("answered_at","question");--> statement-breakpoint
CREATE INDEX "survey_invitations_customer" ON "survey_invitations" USING btree ("customer_id","question","sent_at");--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;