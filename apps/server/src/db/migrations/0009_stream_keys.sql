ALTER TABLE "parties" ADD COLUMN "stream_key_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "parties_stream_key" ON "parties" USING btree ("stream_key_hash");