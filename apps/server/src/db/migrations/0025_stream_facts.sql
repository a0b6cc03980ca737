CREATE TABLE "stream_facts" (
	"party_id" uuid PRIMARY KEY NOT NULL,
	"first_live_at" timestamp with time zone,
	"last_live_at" timestamp with time zone,
	"seconds_live" integer DEFAULT 0 NOT NULL,
	"peak_viewers" integer DEFAULT 0 NOT NULL,
	"guests_joined" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stream_facts" ADD CONSTRAINT "stream_facts_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;