CREATE TABLE "parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"token" text NOT NULL,
	"theme" text DEFAULT 'neon' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"first_joined_at" timestamp with time zone,
	"join_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_invites" ADD CONSTRAINT "party_invites_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parties_booking_key" ON "parties" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parties_token_key" ON "parties" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "party_invites_code_key" ON "party_invites" USING btree ("code");--> statement-breakpoint
CREATE INDEX "party_invites_party_idx" ON "party_invites" USING btree ("party_id");