ALTER TABLE "reviews" DROP CONSTRAINT "reviews_status_valid";--> statement-breakpoint
ALTER TABLE "reviews" DROP CONSTRAINT "reviews_published_valid";--> statement-breakpoint
ALTER TABLE "moderation_removals" ADD COLUMN "author_user_id" uuid;--> statement-breakpoint
ALTER TABLE "moderation_removals" ADD COLUMN "excerpt" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_removals" ADD CONSTRAINT "moderation_removals_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moderation_removals_author_idx" ON "moderation_removals" USING btree ("author_user_id");--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_status_valid" CHECK ("reviews"."status" in ('pending','published','removed'));--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_published_valid" CHECK (("reviews"."status" in ('published','removed')) = ("reviews"."published_at" is not null));--> statement-breakpoint
-- Published reviews stay immutable (issue 15) with one exception (issue 16): a moderator hides one, which changes
-- its status from published to removed and nothing else. Its sub-ratings and reply stay as they were.
CREATE OR REPLACE FUNCTION reviews_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'removed' OR (OLD.status = 'published' AND NOT (
    TG_OP = 'UPDATE' AND NEW.status = 'removed'
    AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')
  )) THEN
    RAISE EXCEPTION 'review % is published and cannot be changed', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_immutable';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION review_parts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM reviews WHERE id = OLD.review_id AND status IN ('published', 'removed')) THEN
    RAISE EXCEPTION 'review % is published: its % cannot be changed', OLD.review_id, TG_TABLE_NAME USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_immutable';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
