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
ALTER TABLE "mail_outbox" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_mail_case" ON "inbound_mail" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "inbound_mail_created" ON "inbound_mail" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;