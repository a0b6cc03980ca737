ALTER TABLE "webhook_events" ADD COLUMN "processed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "applied" text;--> statement-breakpoint
-- Events recorded before this migration were applied in their webhook request (decision 027).
UPDATE "webhook_events" SET "processed_at" = "received_at";
