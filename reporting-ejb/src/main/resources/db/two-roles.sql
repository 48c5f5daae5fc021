-- Two database roles (docs/integrity.md, "Who owns what"). Run by the owner role after every migration, in one
-- transaction, with the runtime role's name in the setting mvreports.runtime_role (SchemaMigration.handOver): the
-- owner role takes the schema app, the three records, their chains, the functions that seal and check them and the
-- migration histories; the runtime role gets everything else the migrations created (the reports above all: a
-- materialized view is refreshed by its owner) and, on the records, INSERT and SELECT only.
--
-- Running it again changes nothing; running it on a database that had one role until now moves it to two. It calls
-- none of the application's functions: any of them may have been replaced by the runtime role while it owned them,
-- and would run here with the owner's rights. It reads the catalog and says what to run, nothing more.
DO
$$
DECLARE
    runtime        name   := current_setting('mvreports.runtime_role');
    owner          name   := current_user;
    records        text[] := ARRAY ['refresh_log', 'report_exports', 'admin_actions'];
    owned_tables   text[] := ARRAY ['refresh_log', 'report_exports', 'admin_actions', 'record_chain',
                                    'record_unsealed', 'refresh_history', 'export_history', 'admin_action_history',
                                    'flyway_schema_history', 'flyway_site_history'];
    owned_routines text[] := ARRAY ['refresh_log_is_append_only', 'reject_changes_to_history', 'await_sealing',
                                    'chain_field', 'chain_time', 'chain_texts', 'refresh_log_canonical',
                                    'report_exports_canonical', 'admin_actions_canonical', 'chain_hash',
                                    'seal_records', 'chain_links', 'chain_strays', 'records_protected'];
    item           record;
    protected      boolean;
BEGIN
    IF runtime = owner THEN
        RAISE EXCEPTION 'the owner role and the runtime role must be two roles; both are %', owner;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = runtime) THEN
        RAISE EXCEPTION 'the runtime role % does not exist', runtime;
    END IF;
    IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = runtime) THEN
        RAISE EXCEPTION 'the runtime role % is a superuser (or bypasses row security): nothing can be kept from it',
            runtime;
    END IF;
    IF pg_has_role(runtime, owner, 'MEMBER') THEN
        RAISE EXCEPTION 'the runtime role % is a member of the owner role %: it would hold the owner''s rights',
            runtime, owner;
    END IF;
    IF NOT pg_has_role(owner, runtime, 'MEMBER') THEN
        RAISE EXCEPTION 'the owner role % must be a member of the runtime role % to hand it the reports (GRANT % TO %)',
            owner, runtime, runtime, owner;
    END IF;

    -- The schema of the records is the owner's: whoever owns a schema may drop and rename what is in it.
    IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'app') <> (SELECT oid FROM pg_roles WHERE rolname = owner) THEN
        EXECUTE format('ALTER SCHEMA app OWNER TO %I', owner);
    END IF;
    FOR item IN SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'demo', 'reports')
        LOOP
            EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', item.nspname, runtime);
        END LOOP;

    -- The records, their chains, their views for people and the migration histories: the owner's. Their sequences
    -- (identity columns) follow their tables.
    FOR item IN SELECT c.oid::regclass AS relation, c.relname, c.relkind
                FROM pg_class c
                WHERE c.relnamespace = 'app'::regnamespace
                  AND c.relname = ANY (owned_tables)
        LOOP
            EXECUTE format(CASE item.relkind WHEN 'v' THEN 'ALTER VIEW %s OWNER TO %I'
                                             ELSE 'ALTER TABLE %s OWNER TO %I' END, item.relation, owner);
            EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, %I', item.relation, runtime);
            EXECUTE format('GRANT SELECT ON %s TO %I', item.relation, runtime);
            IF item.relname = ANY (records) THEN
                EXECUTE format('GRANT INSERT ON %s TO %I', item.relation, runtime);
            END IF;
        END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS routine, p.proname
                FROM pg_proc p
                WHERE p.pronamespace = 'app'::regnamespace
                  AND p.proname = ANY (owned_routines)
        LOOP
            EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.routine, owner);
            IF item.proname = 'await_sealing' THEN
                -- Triggers that exist keep firing; no new trigger can register rows of its own for sealing.
                EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC, %I', item.routine, runtime);
            END IF;
        END LOOP;

    -- Everything else the owner role created in the product's schemas (a migration it just ran): the runtime role's.
    FOR item IN SELECT c.oid::regclass AS relation, c.relkind
                FROM pg_class c
                WHERE c.relnamespace IN ('app'::regnamespace, 'demo'::regnamespace, 'reports'::regnamespace)
                  AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = owner)
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
                  AND NOT (c.relnamespace = 'app'::regnamespace AND c.relname = ANY (owned_tables))
                  AND NOT EXISTS (SELECT FROM pg_depend d   -- a sequence of a table's column follows its table
                                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
        LOOP
            EXECUTE format(CASE item.relkind
                               WHEN 'v' THEN 'ALTER VIEW %s OWNER TO %I'
                               WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO %I'
                               WHEN 'S' THEN 'ALTER SEQUENCE %s OWNER TO %I'
                               WHEN 'f' THEN 'ALTER FOREIGN TABLE %s OWNER TO %I'
                               WHEN 'c' THEN 'ALTER TYPE %s OWNER TO %I'
                               ELSE 'ALTER TABLE %s OWNER TO %I' END, item.relation, runtime);
        END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS routine, p.prokind
                FROM pg_proc p
                WHERE p.pronamespace IN ('app'::regnamespace, 'demo'::regnamespace, 'reports'::regnamespace)
                  AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = owner)
                  AND NOT (p.pronamespace = 'app'::regnamespace AND p.proname = ANY (owned_routines))
        LOOP
            EXECUTE format(CASE item.prokind WHEN 'a' THEN 'ALTER AGGREGATE %s OWNER TO %I'
                                             ELSE 'ALTER ROUTINE %s OWNER TO %I' END, item.routine, runtime);
        END LOOP;
    FOR item IN SELECT t.oid::regtype AS type, t.typtype
                FROM pg_type t
                WHERE t.typnamespace IN ('app'::regnamespace, 'demo'::regnamespace, 'reports'::regnamespace)
                  AND t.typowner = (SELECT oid FROM pg_roles WHERE rolname = owner)
                  AND t.typtype IN ('d', 'e', 'r')
        LOOP
            EXECUTE format(CASE item.typtype WHEN 'd' THEN 'ALTER DOMAIN %s OWNER TO %I'
                                             ELSE 'ALTER TYPE %s OWNER TO %I' END, item.type, runtime);
        END LOOP;

    -- The proof: the runtime role owns none of the records, their chains or their schema, and may not change them.
    SELECT NOT pg_has_role(runtime, (SELECT nspowner FROM pg_namespace WHERE nspname = 'app'), 'USAGE')
               AND NOT bool_or(pg_has_role(runtime, c.relowner, 'USAGE')
                                   OR has_table_privilege(runtime, c.oid, 'UPDATE, DELETE, TRUNCATE'))
    INTO protected
    FROM pg_class c
    WHERE c.relnamespace = 'app'::regnamespace
      AND c.relname = ANY (owned_tables)
      AND c.relkind = 'r';
    IF NOT protected THEN
        RAISE EXCEPTION 'after the hand-over the runtime role % can still change the records', runtime;
    END IF;
END
$$;
