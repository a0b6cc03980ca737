-- No double booking, by construction: two slot-holding bookings of one DJ can never overlap, including the DJ's
-- buffer on both sides. Violations raise 23P01, which the booking repo maps to 409 BOOKING_SLOT_TAKEN.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (
  "dj_profile_id" WITH =,
  tstzrange("slot_from", "slot_until", '[)') WITH &&
) WHERE ("state" IN ('pending_payment', 'pending_acceptance', 'confirmed', 'live'));
--> statement-breakpoint
-- Every ledger transaction balances: checked once per transaction at commit (deferred), so the lines of one
-- transaction can be inserted one by one.
CREATE OR REPLACE FUNCTION ledger_assert_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint;
BEGIN
  SELECT coalesce(sum(amount_minor), 0) INTO total FROM ledger_lines WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (sum %)', NEW.transaction_id, total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "ledger_lines_balanced" AFTER INSERT OR UPDATE ON "ledger_lines"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_assert_balanced();
--> statement-breakpoint
-- Ledger rows are history: never updated or deleted.
CREATE OR REPLACE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only' USING ERRCODE = '23514';
END $$;
--> statement-breakpoint
CREATE TRIGGER "ledger_lines_append_only" BEFORE UPDATE OR DELETE ON "ledger_lines" FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
INSERT INTO "platform_settings" ("key", "value") VALUES ('fee_bps', '1500') ON CONFLICT DO NOTHING;
