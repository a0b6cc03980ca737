CREATE TABLE "crowd_ratings" (
	"invite_id" uuid PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"stars" smallint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crowd_ratings_stars_valid" CHECK ("crowd_ratings"."stars" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "review_replies" (
	"review_id" uuid PRIMARY KEY NOT NULL,
	"author_user_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_replies_text_len" CHECK (char_length("review_replies"."text") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "review_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"reporter_user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_reports_reason_valid" CHECK ("review_reports"."reason" in ('spam','offensive','false_information','private_information','other')),
	CONSTRAINT "review_reports_status_valid" CHECK ("review_reports"."status" in ('open','kept','removed')),
	CONSTRAINT "review_reports_note_len" CHECK (char_length("review_reports"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "review_sub_ratings" (
	"review_id" uuid NOT NULL,
	"aspect" text NOT NULL,
	"stars" smallint NOT NULL,
	CONSTRAINT "review_sub_ratings_review_id_aspect_pk" PRIMARY KEY("review_id","aspect"),
	CONSTRAINT "review_sub_ratings_stars_valid" CHECK ("review_sub_ratings"."stars" between 1 and 5),
	CONSTRAINT "review_sub_ratings_aspect_valid" CHECK ("review_sub_ratings"."aspect" in ('music_selection','sound_and_picture','interaction','punctuality'))
);
--> statement-breakpoint
CREATE TABLE "review_windows" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"host_user_id" uuid NOT NULL,
	"dj_user_id" uuid NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "review_windows_time_valid" CHECK ("review_windows"."closes_at" > "review_windows"."completed_at")
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"author_user_id" uuid NOT NULL,
	"subject_user_id" uuid NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"stars" smallint NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_minutes_live" integer,
	"verified_guests_joined" integer,
	"verified_requests_played" integer,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "reviews_stars_valid" CHECK ("reviews"."stars" between 1 and 5),
	CONSTRAINT "reviews_text_len" CHECK (char_length("reviews"."text") <= 2000),
	CONSTRAINT "reviews_direction_valid" CHECK ("reviews"."direction" in ('host_to_dj','dj_to_host')),
	CONSTRAINT "reviews_status_valid" CHECK ("reviews"."status" in ('pending','published')),
	CONSTRAINT "reviews_published_valid" CHECK (("reviews"."status" = 'published') = ("reviews"."published_at" is not null))
);
--> statement-breakpoint
DROP INDEX "dj_profiles_rating_idx";--> statement-breakpoint
ALTER TABLE "dj_profiles" ADD COLUMN "rating_score" real;--> statement-breakpoint
ALTER TABLE "crowd_ratings" ADD CONSTRAINT "crowd_ratings_invite_id_party_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."party_invites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crowd_ratings" ADD CONSTRAINT "crowd_ratings_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crowd_ratings" ADD CONSTRAINT "crowd_ratings_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_replies" ADD CONSTRAINT "review_replies_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_replies" ADD CONSTRAINT "review_replies_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reports" ADD CONSTRAINT "review_reports_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reports" ADD CONSTRAINT "review_reports_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_sub_ratings" ADD CONSTRAINT "review_sub_ratings_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_windows" ADD CONSTRAINT "review_windows_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_windows" ADD CONSTRAINT "review_windows_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_windows" ADD CONSTRAINT "review_windows_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_windows" ADD CONSTRAINT "review_windows_dj_user_id_users_id_fk" FOREIGN KEY ("dj_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_booking_id_review_windows_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."review_windows"("booking_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crowd_ratings_dj_idx" ON "crowd_ratings" USING btree ("dj_profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_reports_reporter_key" ON "review_reports" USING btree ("review_id","reporter_user_id");--> statement-breakpoint
CREATE INDEX "review_reports_open_idx" ON "review_reports" USING btree ("created_at") WHERE "review_reports"."status" = 'open';--> statement-breakpoint
CREATE INDEX "review_windows_open_idx" ON "review_windows" USING btree ("closes_at") WHERE "review_windows"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_booking_direction_key" ON "reviews" USING btree ("booking_id","direction");--> statement-breakpoint
CREATE INDEX "reviews_dj_published_idx" ON "reviews" USING btree ("dj_profile_id","published_at" DESC NULLS LAST,"id") WHERE "reviews"."status" = 'published' and "reviews"."direction" = 'host_to_dj';--> statement-breakpoint
CREATE INDEX "reviews_subject_idx" ON "reviews" USING btree ("subject_user_id","status");--> statement-breakpoint
CREATE INDEX "dj_profiles_rating_score_idx" ON "dj_profiles" USING btree ("rating_score" DESC NULLS LAST,"rating_count" DESC NULLS LAST,"id");--> statement-breakpoint
ALTER TABLE "dj_profiles" ADD CONSTRAINT "dj_profiles_rating_score_valid" CHECK ("dj_profiles"."rating_score" is null or "dj_profiles"."rating_score" between 1 and 5);--> statement-breakpoint
-- Published reviews are immutable (issue 15): no update or delete of a published review, nor of its sub-ratings or reply.
CREATE OR REPLACE FUNCTION reviews_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'review % is published and cannot be changed', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_immutable';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER reviews_immutable BEFORE UPDATE OR DELETE ON "reviews" FOR EACH ROW EXECUTE FUNCTION reviews_immutable();--> statement-breakpoint
CREATE OR REPLACE FUNCTION review_parts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM reviews WHERE id = OLD.review_id AND status = 'published') THEN
    RAISE EXCEPTION 'review % is published: its % cannot be changed', OLD.review_id, TG_TABLE_NAME USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_immutable';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER review_sub_ratings_immutable BEFORE UPDATE OR DELETE ON "review_sub_ratings" FOR EACH ROW EXECUTE FUNCTION review_parts_immutable();--> statement-breakpoint
CREATE TRIGGER review_replies_immutable BEFORE UPDATE OR DELETE ON "review_replies" FOR EACH ROW EXECUTE FUNCTION review_parts_immutable();
--> statement-breakpoint
-- Ratings come only from published reviews from now on: the demo seed's made-up figures go (issue 15).
UPDATE "dj_profiles" SET "rating_avg" = NULL, "rating_count" = 0, "rating_score" = NULL;
