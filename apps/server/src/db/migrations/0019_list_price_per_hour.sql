-- Issue 20: the price filter compares the price the cards show. For hourly DJs that is the hourly rate, not
-- rate × minimum hours. The stored value was convert(rate × min_hours); dividing by min_hours gives convert(rate)
-- to within a cent (the next profile save writes the exact value).
UPDATE "dj_profiles" SET "from_price_eur_minor" = round("from_price_eur_minor"::numeric / "min_hours")::integer
WHERE "pricing_kind" = 'hourly' AND "min_hours" > 0;
