CREATE TABLE "demo_history" (
	"id" integer PRIMARY KEY NOT NULL,
	"seed" integer NOT NULL,
	"days" integer NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"id_ranges" jsonb NOT NULL,
	"counts" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
