ALTER TABLE "parties" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "parties" ADD COLUMN "ended_by" text;--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_ended_by_valid" CHECK ("parties"."ended_by" in ('dj','time'));--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_ended_together" CHECK (("parties"."ended_at" is null) = ("parties"."ended_by" is null));