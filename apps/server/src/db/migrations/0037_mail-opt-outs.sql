CREATE TABLE "mail_opt_outs" (
	"user_id" uuid NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_opt_outs_user_id_category_pk" PRIMARY KEY("user_id","category")
);
--> statement-breakpoint
ALTER TABLE "mail_opt_outs" ADD CONSTRAINT "mail_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Addresses of accounts that already said "no more" keep saying it, now for the account (decision 038).
INSERT INTO "mail_opt_outs" ("user_id", "category", "created_at")
SELECT u."id", m."category", m."created_at" FROM "mail_unsubscribes" m JOIN "users" u ON lower(u."email") = m."email"
ON CONFLICT DO NOTHING;
