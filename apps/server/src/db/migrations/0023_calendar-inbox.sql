CREATE TABLE "calendar_feed_tokens" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dj_calendar_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"url" text NOT NULL,
	"label" text NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dj_imported_busy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"uid" text NOT NULL,
	CONSTRAINT "dj_imported_busy_valid" CHECK ("dj_imported_busy"."ends_at" > "dj_imported_busy"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "dj_recurring_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dj_profile_id" uuid NOT NULL,
	"rrule" text NOT NULL,
	"start_date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_unsubscribes" (
	"email" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_unsubscribes_email_category_pk" PRIMARY KEY("email","category")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_invite_emails" (
	"invite_id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"rsvp" text,
	"rsvp_at" timestamp with time zone,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_calendar_sources" ADD CONSTRAINT "dj_calendar_sources_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_imported_busy" ADD CONSTRAINT "dj_imported_busy_source_id_dj_calendar_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."dj_calendar_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_imported_busy" ADD CONSTRAINT "dj_imported_busy_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dj_recurring_blocks" ADD CONSTRAINT "dj_recurring_blocks_dj_profile_id_dj_profiles_id_fk" FOREIGN KEY ("dj_profile_id") REFERENCES "public"."dj_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_invite_emails" ADD CONSTRAINT "party_invite_emails_invite_id_party_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."party_invites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_tokens_token_key" ON "calendar_feed_tokens" USING btree ("token");--> statement-breakpoint
CREATE INDEX "dj_calendar_sources_dj_idx" ON "dj_calendar_sources" USING btree ("dj_profile_id");--> statement-breakpoint
CREATE INDEX "dj_imported_busy_dj_idx" ON "dj_imported_busy" USING btree ("dj_profile_id","starts_at");--> statement-breakpoint
CREATE INDEX "dj_imported_busy_source_idx" ON "dj_imported_busy" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "dj_recurring_blocks_dj_idx" ON "dj_recurring_blocks" USING btree ("dj_profile_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "notifications_key_idx" ON "notifications" USING btree ("user_id","key");--> statement-breakpoint
CREATE INDEX "party_invite_emails_email_idx" ON "party_invite_emails" USING btree ("email");