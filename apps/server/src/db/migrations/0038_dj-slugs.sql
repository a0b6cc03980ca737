-- Readable profile URLs (issue 20, decision 039): every profile gets a unique slug from its stage name and city.
-- Existing rows are backfilled here (accents folded, anything else but a-z0-9 becomes one dash); a second profile
-- with the same words gets the start of its id appended. New profiles get theirs from the app (slugify).
ALTER TABLE "dj_profiles" ADD COLUMN "slug" text;--> statement-breakpoint
UPDATE "dj_profiles" p SET "slug" = s.slug
FROM (
  SELECT id, CASE WHEN n = 1 THEN base ELSE base || '-' || left(id::text, 8) END AS slug
  FROM (
    SELECT id, base, row_number() OVER (PARTITION BY base ORDER BY created_at, id) AS n
    FROM (
      SELECT id, created_at,
        coalesce(nullif(left(trim(BOTH '-' FROM regexp_replace(
          lower(translate(stage_name || ' ' || city_name,
            'áàâäãåçéèêëíìîïñóòôöõøúùûüýÿÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØÚÙÛÜÝ',
            'aaaaaaceeeeiiiinoooooouuuuyyAAAAAACEEEEIIIINOOOOOOUUUUY')),
          '[^a-z0-9]+', '-', 'g')), 80), ''), 'dj') AS base
      FROM "dj_profiles"
    ) b
  ) r
) s
WHERE p.id = s.id;--> statement-breakpoint
ALTER TABLE "dj_profiles" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "dj_profiles_slug_key" ON "dj_profiles" USING btree ("slug");
