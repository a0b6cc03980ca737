CREATE TABLE "dj_open_windows" (
	"dj_profile_id" uuid PRIMARY KEY NOT NULL,
	"windows" "tstzmultirange" NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dj_open_windows" ADD CONSTRAINT "dj_open_windows_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dj_open_windows_gist" ON "dj_open_windows" USING gist ("windows");--> statement-breakpoint
CREATE INDEX "dj_open_windows_valid_idx" ON "dj_open_windows" USING btree ("valid_until");--> statement-breakpoint
-- Every DJ has an index row from the moment the profile exists (stale until first computed), so finding rows to
-- compute is an index range scan, never an anti-join over all profiles.
CREATE OR REPLACE FUNCTION dj_open_windows_seed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dj_open_windows (dj_profile_id, windows, valid_from, valid_until)
  VALUES (NEW.id, '{}', '-infinity', '-infinity') ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "dj_profiles_seed_open_windows" AFTER INSERT ON "dj_profiles" FOR EACH ROW EXECUTE FUNCTION dj_open_windows_seed();--> statement-breakpoint
INSERT INTO dj_open_windows (dj_profile_id, windows, valid_from, valid_until)
SELECT id, '{}', '-infinity', '-infinity' FROM dj_profiles ON CONFLICT DO NOTHING;
