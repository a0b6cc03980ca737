CREATE TABLE "dj_blocked_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dj_blocked_valid" CHECK ("dj_blocked_periods"."ends_at" > "dj_blocked_periods"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "dj_date_overrides" (
	"dj_profile_id" uuid NOT NULL,
	"date" date NOT NULL,
	"ranges" jsonb NOT NULL,
	CONSTRAINT "dj_date_overrides_dj_profile_id_date_pk" PRIMARY KEY("dj_profile_id","date")
);
--> statement-breakpoint
CREATE TABLE "dj_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"stage_name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"genres" text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"years_experience" integer NOT NULL,
	"equipment" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] NOT NULL,
	"city_id" text NOT NULL,
	"city_name" text NOT NULL,
	"country" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"time_zone" text NOT NULL,
	"currency" text NOT NULL,
	"pricing_kind" text NOT NULL,
	"hourly_rate_minor" integer,
	"min_hours" smallint,
	"max_hours" smallint,
	"event_price_minor" integer,
	"event_minutes" smallint,
	"from_price_eur_minor" integer NOT NULL,
	"sample_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cancellation_policy" text NOT NULL,
	"auto_accept" boolean DEFAULT false NOT NULL,
	"buffer_minutes" smallint DEFAULT 30 NOT NULL,
	"min_notice_minutes" integer DEFAULT 1440 NOT NULL,
	"max_advance_days" smallint DEFAULT 180 NOT NULL,
	"photo_key" text,
	"rating_avg" real,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"search" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dj_profiles_pricing_valid" CHECK (("dj_profiles"."pricing_kind" = 'hourly' and "dj_profiles"."hourly_rate_minor" > 0 and "dj_profiles"."min_hours" >= 1 and "dj_profiles"."max_hours" >= "dj_profiles"."min_hours")
      or ("dj_profiles"."pricing_kind" = 'per_event' and "dj_profiles"."event_price_minor" > 0 and "dj_profiles"."event_minutes" >= 30)),
	CONSTRAINT "dj_profiles_buffer_valid" CHECK ("dj_profiles"."buffer_minutes" between 0 and 240),
	CONSTRAINT "dj_profiles_notice_valid" CHECK ("dj_profiles"."min_notice_minutes" >= 0 and "dj_profiles"."max_advance_days" >= 1),
	CONSTRAINT "dj_profiles_rating_valid" CHECK ("dj_profiles"."rating_avg" is null or "dj_profiles"."rating_avg" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "dj_weekly_hours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	CONSTRAINT "dj_weekly_hours_valid" CHECK ("dj_weekly_hours"."weekday" between 1 and 7 and "dj_weekly_hours"."start_minute" between 0 and 1439 and "dj_weekly_hours"."end_minute" between 0 and 1439 and "dj_weekly_hours"."start_minute" <> "dj_weekly_hours"."end_minute")
);
--> statement-breakpoint
ALTER TABLE "dj_blocked_periods" ADD CONSTRAINT "dj_blocked_periods_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_date_overrides" ADD CONSTRAINT "dj_date_overrides_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_profiles" ADD CONSTRAINT "dj_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_weekly_hours" ADD CONSTRAINT "dj_weekly_hours_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dj_blocked_dj_idx" ON "dj_blocked_periods" USING btree ("dj_profile_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dj_profiles_user_key" ON "dj_profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "dj_profiles_search_idx" ON "dj_profiles" USING gin ("search");--> statement-breakpoint
CREATE INDEX "dj_profiles_genres_idx" ON "dj_profiles" USING gin ("genres");--> statement-breakpoint
CREATE INDEX "dj_profiles_languages_idx" ON "dj_profiles" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "dj_profiles_price_idx" ON "dj_profiles" USING btree ("from_price_eur_minor");--> statement-breakpoint
CREATE INDEX "dj_profiles_rating_idx" ON "dj_profiles" USING btree ("rating_avg");--> statement-breakpoint
CREATE INDEX "dj_profiles_country_idx" ON "dj_profiles" USING btree ("country");--> statement-breakpoint
CREATE INDEX "dj_profiles_lat_idx" ON "dj_profiles" USING btree ("lat","lng");--> statement-breakpoint
CREATE INDEX "dj_weekly_hours_dj_idx" ON "dj_weekly_hours" USING btree ("dj_profile_id","weekday");