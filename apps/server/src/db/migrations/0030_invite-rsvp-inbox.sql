DROP INDEX "notifications_key_idx";--> statement-breakpoint
ALTER TABLE "party_invite_emails" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "party_invite_emails" ADD COLUMN "time_zone" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_key" ON "notifications" USING btree ("user_id","key");--> statement-breakpoint
ALTER TABLE "party_invite_emails" ADD CONSTRAINT "party_invite_emails_rsvp_valid" CHECK ("party_invite_emails"."rsvp" in ('yes','no'));