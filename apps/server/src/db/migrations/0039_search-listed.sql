CREATE TABLE "dj_listing_stats" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"listed" integer NOT NULL,
	CONSTRAINT "dj_listing_stats_one_row" CHECK ("dj_listing_stats"."id" = 1),
	CONSTRAINT "dj_listing_stats_listed_valid" CHECK ("dj_listing_stats"."listed" >= 0)
);
--> statement-breakpoint
DROP INDEX "dj_profiles_rating_score_idx";--> statement-breakpoint
ALTER TABLE "dj_profiles" ADD COLUMN "listed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "bookings_dj_state_idx" ON "bookings" USING btree ("dj_profile_id","state");--> statement-breakpoint
CREATE INDEX "dj_profiles_listed_rating_idx" ON "dj_profiles" USING btree ("rating_score" DESC NULLS LAST,"rating_count" DESC NULLS LAST,"id") WHERE "dj_profiles"."listed";--> statement-breakpoint
CREATE INDEX "dj_profiles_listed_price_asc_idx" ON "dj_profiles" USING btree ("from_price_eur_minor","id") WHERE "dj_profiles"."listed";--> statement-breakpoint
CREATE INDEX "dj_profiles_listed_price_desc_idx" ON "dj_profiles" USING btree ("from_price_eur_minor" DESC NULLS LAST,"id") WHERE "dj_profiles"."listed";--> statement-breakpoint
-- Decision 040: whether a DJ is listed in search is one column, written only by these triggers in the transaction
-- that changes any of its inputs (payout readiness, account hidden, suspension, moderators' removal).
CREATE FUNCTION dj_profile_listed(p_id uuid, p_user uuid, p_payouts boolean, p_hidden timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_payouts AND p_hidden IS NULL
    AND NOT EXISTS (SELECT 1 FROM user_suspensions s WHERE s.user_id = p_user)
    AND NOT EXISTS (SELECT 1 FROM moderation_removals m WHERE m.kind = 'profile' AND m.target_id = p_id::text)
$$;--> statement-breakpoint
CREATE FUNCTION dj_profiles_set_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.listed := dj_profile_listed(NEW.id, NEW.user_id, NEW.payouts_ready, NEW.hidden_at);
  RETURN NEW;
END $$;--> statement-breakpoint
-- `listed` is in the column list: a direct write to it is recomputed, never taken as given.
CREATE TRIGGER dj_profiles_listed BEFORE INSERT OR UPDATE OF payouts_ready, hidden_at, user_id, listed ON dj_profiles
  FOR EACH ROW EXECUTE FUNCTION dj_profiles_set_listed();--> statement-breakpoint
CREATE FUNCTION dj_profiles_relist_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dj_profiles SET listed = true
  WHERE user_id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.user_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.user_id END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER user_suspensions_relist AFTER INSERT OR UPDATE OR DELETE ON user_suspensions
  FOR EACH ROW EXECUTE FUNCTION dj_profiles_relist_user();--> statement-breakpoint
CREATE FUNCTION dj_profiles_relist_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dj_profiles SET listed = true
  WHERE id::text IN (CASE WHEN TG_OP <> 'INSERT' AND OLD.kind = 'profile' THEN OLD.target_id END,
                     CASE WHEN TG_OP <> 'DELETE' AND NEW.kind = 'profile' THEN NEW.target_id END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER moderation_removals_relist AFTER INSERT OR UPDATE OR DELETE ON moderation_removals
  FOR EACH ROW EXECUTE FUNCTION dj_profiles_relist_removed();--> statement-breakpoint
-- The listed count for an unfiltered search's total, moved by each statement's listed rows in and out.
CREATE FUNCTION dj_listing_stats_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta integer := 0;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN delta := delta + (SELECT count(*) FROM new_rows WHERE listed); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN delta := delta - (SELECT count(*) FROM old_rows WHERE listed); END IF;
  IF TG_OP = 'TRUNCATE' THEN UPDATE dj_listing_stats SET listed = 0 WHERE id = 1;
  ELSIF delta <> 0 THEN UPDATE dj_listing_stats SET listed = listed + delta WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER dj_listing_stats_insert AFTER INSERT ON dj_profiles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dj_listing_stats_count();--> statement-breakpoint
CREATE TRIGGER dj_listing_stats_update AFTER UPDATE ON dj_profiles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dj_listing_stats_count();--> statement-breakpoint
CREATE TRIGGER dj_listing_stats_delete AFTER DELETE ON dj_profiles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dj_listing_stats_count();--> statement-breakpoint
CREATE TRIGGER dj_listing_stats_truncate AFTER TRUNCATE ON dj_profiles
  FOR EACH STATEMENT EXECUTE FUNCTION dj_listing_stats_count();--> statement-breakpoint
UPDATE dj_profiles SET listed = true;--> statement-breakpoint
INSERT INTO dj_listing_stats (id, listed) SELECT 1, count(*) FROM dj_profiles WHERE listed;
