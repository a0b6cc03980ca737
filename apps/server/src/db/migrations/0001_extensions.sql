-- Extensions used by later migrations: btree_gist for exclusion constraints mixing equality and ranges
-- (no double booking), pg_trgm for fuzzy text search. Created in public so schema-per-suite tests share them.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
