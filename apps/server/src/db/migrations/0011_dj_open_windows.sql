CREATE TABLE "dj_open_windows" (
	"dj_profile_id" uuid PRIMARY KEY NOT NULL,
	"windows" "tstzmultirange" NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dj_open_windows" ADD CONSTRAINT "dj_open_windows_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dj_open_windows_gist" ON "dj_open_windows" USING gist ("windows");--> statement-breakpoint
CREATE INDEX "dj_open_windows_valid_idx" ON "dj_open_windows" USING btree ("valid_until");