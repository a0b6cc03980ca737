ALTER TABLE "dj_profiles" ADD COLUMN "stripe_account_id" text;--> statement-breakpoint
ALTER TABLE "dj_profiles" ADD COLUMN "payouts_ready" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "dj_profiles_stripe_account_key" ON "dj_profiles" USING btree ("stripe_account_id");