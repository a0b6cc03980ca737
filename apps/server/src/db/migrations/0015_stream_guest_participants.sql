CREATE TABLE "stream_guest_participants" (
	"participant_id" text PRIMARY KEY NOT NULL,
	"party_id" uuid NOT NULL,
	"invite_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stream_guest_participants" ADD CONSTRAINT "stream_guest_participants_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_guest_participants" ADD CONSTRAINT "stream_guest_participants_invite_id_party_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."party_invites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stream_guest_participants_invite_idx" ON "stream_guest_participants" USING btree ("invite_id");--> statement-breakpoint
CREATE INDEX "stream_guest_participants_party_idx" ON "stream_guest_participants" USING btree ("party_id");