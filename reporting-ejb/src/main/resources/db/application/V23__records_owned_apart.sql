-- Ready for two database roles (docs/integrity.md, "Who owns what"): an owner role that owns the three records and
-- their chains, and the runtime role the application server signs in with, which may only add rows to the records and
-- read them. What the owner role does on top of these migrations (ownership and grants) is db/two-roles.sql; these
-- changes hold with one role too.

-- A row inserted by the runtime role registers itself for sealing through this trigger function, into a table the
-- runtime role may not write: the function runs as its owner.
ALTER FUNCTION app.await_sealing() SECURITY DEFINER;

-- Whether the role calling this cannot change the records behind the application's back: it owns none of the record
-- and chain tables nor the schema that holds them (an owner may alter, disable triggers, drop), and holds no UPDATE,
-- DELETE or TRUNCATE on them. False for a superuser. The history pages and the server log warn when it is false.
CREATE FUNCTION app.records_protected() RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog
AS
$$
SELECT NOT pg_has_role(current_user, (SELECT n.nspowner FROM pg_namespace n WHERE n.nspname = 'app'), 'USAGE')
           AND NOT bool_or(pg_has_role(current_user, c.relowner, 'USAGE')
                               OR has_table_privilege(current_user, c.oid, 'UPDATE, DELETE, TRUNCATE'))
FROM pg_class c
WHERE c.oid IN ('app.refresh_log'::regclass, 'app.report_exports'::regclass, 'app.admin_actions'::regclass,
                'app.record_chain'::regclass, 'app.record_unsealed'::regclass)
$$;
