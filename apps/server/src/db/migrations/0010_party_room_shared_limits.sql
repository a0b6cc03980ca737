CREATE TABLE "party_mutes" (
	"party_id" uuid NOT NULL,
	"participant_key" text NOT NULL,
	"muted_by" text NOT NULL,
	"muted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_mutes_party_id_participant_key_pk" PRIMARY KEY("party_id","participant_key")
);
--> statement-breakpoint
ALTER TABLE "party_mutes" ADD CONSTRAINT "party_mutes_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_messages_author_idx" ON "party_messages" USING btree ("party_id","author_key","created_at");