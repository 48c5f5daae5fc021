-- The refresh engine's definition hash (skip-unchanged refreshes a view whose definition changed), independent of
-- the session that asks.
--
-- pg_get_viewdef prints a definition for the session reading it: names are qualified only when their schema is
-- not on the session's search_path (FROM customer or FROM public.customer), and constants are printed through
-- their types' output functions, which follow TimeZone, DateStyle, IntervalStyle, extra_float_digits and
-- lc_monetary. Read under different settings, one unchanged view had two hashes and was refreshed for nothing.
-- A function's SET clauses apply while it runs and are undone when it returns, so the settings are fixed here
-- without touching the caller's transaction (whose REFRESH must keep the session's own TimeZone, for example).
CREATE FUNCTION app.view_definition_hash(view_oid oid) RETURNS text
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog
    SET "TimeZone" = 'UTC'
    SET "DateStyle" = 'ISO, YMD'
    SET "IntervalStyle" = 'postgres'
    SET extra_float_digits = 1
    SET lc_monetary = 'C'
AS
$$
SELECT encode(sha256(convert_to(pg_get_viewdef(view_oid), 'UTF8')), 'hex')
$$;
