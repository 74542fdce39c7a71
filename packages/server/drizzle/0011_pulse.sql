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
ALTER TABLE "pulse_participation" ADD CONSTRAINT "pulse_participation_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pulse_answers_week" ON "pulse_answers" USING btree ("week");