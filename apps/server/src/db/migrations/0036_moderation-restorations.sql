CREATE TABLE "moderation_restorations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target_id" text NOT NULL,
	"author_user_id" uuid,
	"excerpt" text DEFAULT '' NOT NULL,
	"removal_reason" text NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"restored_by" uuid,
	"restored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "moderation_restorations_kind_valid" CHECK ("moderation_restorations"."kind" in ('review','profile')),
	CONSTRAINT "moderation_restorations_order" CHECK ("moderation_restorations"."restored_at" >= "moderation_restorations"."removed_at")
);
--> statement-breakpoint
ALTER TABLE "moderation_restorations" ADD CONSTRAINT "moderation_restorations_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_restorations" ADD CONSTRAINT "moderation_restorations_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_restorations" ADD CONSTRAINT "moderation_restorations_restored_by_users_id_fk" FOREIGN KEY ("restored_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moderation_restorations_author_idx" ON "moderation_restorations" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "moderation_restorations_target_idx" ON "moderation_restorations" USING btree ("kind","target_id");--> statement-breakpoint
-- Published reviews stay immutable (issue 15) with two exceptions (issue 16): a moderator hides one (published →
-- removed) and an admin restores it (removed → published); either changes the status and nothing else.
CREATE OR REPLACE FUNCTION reviews_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('published', 'removed') AND NOT (
    TG_OP = 'UPDATE'
    AND ((OLD.status = 'published' AND NEW.status = 'removed') OR (OLD.status = 'removed' AND NEW.status = 'published'))
    AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')
  ) THEN
    RAISE EXCEPTION 'review % is published and cannot be changed', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_immutable';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
