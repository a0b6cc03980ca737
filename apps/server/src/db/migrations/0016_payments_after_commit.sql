ALTER TABLE "bookings" DROP CONSTRAINT "bookings_state_valid";--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "dispute_status" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "dispute_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "dispute_id" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_dispute_valid" CHECK ("bookings"."dispute_status" is null or "bookings"."dispute_status" in ('open','won','lost'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_state_valid" CHECK ("bookings"."state" in ('pending_payment','pending_acceptance','confirmed','live','completed','paid_out','expired','declined','cancelled_by_host','cancelled_by_dj','no_show','payment_failed'));