package org.mvreports.definition.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mvreports.definition.entity.MaterializedView.Column;
import org.mvreports.definition.entity.MaterializedView.SourceRelation;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.RecordView;
import org.mvreports.definition.entity.ReportMetadata;

/**
 * The one place that asks PostgreSQL's system catalog about reports: which materialized views exist in the
 * report schema, whether they are populated, whether they can be refreshed concurrently, and what they read.
 * Every answer is read afresh, so a report added by a migration shows up without a restart.
 */
@ApplicationScoped
public class PostgresCatalog {

    /** The schema that holds every report. */
    public static final String REPORT_SCHEMA = "reports";

    /*
     * With each view its unique key: the columns of its narrowest unique index on plain columns without WHERE (the
     * kind REFRESH ... CONCURRENTLY needs), in index order; null when it has none.
     */
    private static final String VIEWS = """
            SELECT c.oid,
                   n.nspname,
                   c.relname,
                   c.relispopulated,
                   obj_description(c.oid, 'pg_class') AS comment,
                   (SELECT array_agg(a.attname ORDER BY k.position)
                    FROM (SELECT i.indkey
                          FROM pg_index i
                          WHERE i.indrelid = c.oid
                            AND i.indisunique
                            AND i.indisvalid
                            AND i.indpred IS NULL
                            AND i.indexprs IS NULL
                          ORDER BY i.indnatts, i.indexrelid
                          LIMIT 1) AS narrowest
                    CROSS JOIN LATERAL unnest(narrowest.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS unique_key
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm'
              AND n.nspname = ?
              %s
            ORDER BY c.relname""";

    /*
     * What each materialized view reads: the relations its rewrite rule depends on, followed through plain views
     * (relkind 'v') to the tables and materialized views underneath. A view that reads a table only inside a
     * function hides that dependency from pg_depend; that limit is PostgreSQL's and is documented in the README.
     */
    private static final String SOURCES = """
            WITH RECURSIVE reads(view_oid, rel_oid) AS (
                SELECT r.ev_class, d.refobjid
                FROM pg_rewrite r
                JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass
                                AND d.objid = r.oid
                                AND d.refclassid = 'pg_class'::regclass
                                AND d.refobjid <> r.ev_class
                JOIN pg_class m ON m.oid = r.ev_class AND m.relkind = 'm'
                JOIN pg_namespace mn ON mn.oid = m.relnamespace AND mn.nspname = ?
                %s
              UNION
                SELECT reads.view_oid, d.refobjid
                FROM reads
                JOIN pg_class v ON v.oid = reads.rel_oid AND v.relkind = 'v'
                JOIN pg_rewrite r ON r.ev_class = v.oid
                JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass
                                AND d.objid = r.oid
                                AND d.refclassid = 'pg_class'::regclass
                                AND d.refobjid <> v.oid
            )
            SELECT DISTINCT reads.view_oid, c.oid, n.nspname, c.relname, c.relkind
            FROM reads
            JOIN pg_class c ON c.oid = reads.rel_oid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'm', 'f')
            ORDER BY n.nspname, c.relname""";

    private static final String COLUMNS = """
            SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'm'
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ?
              %s
              AND a.attnum > 0
              AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum""";

    private static final String UNKNOWN = """
            SELECT requested.view_name
            FROM unnest(?::text[]) AS requested(view_name)
            WHERE NOT EXISTS (SELECT 1
                              FROM pg_matviews m
                              WHERE m.schemaname = ?
                                AND m.matviewname = requested.view_name)""";

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    /** Every materialized view in the report schema, by name. */
    public List<MaterializedView> materializedViews() {
        return materializedViews(REPORT_SCHEMA);
    }

    /**
     * One materialized view of the report schema, if there is one of that name: what a request for one report
     * needs, read without walking every other report's dependencies.
     */
    public Optional<MaterializedView> materializedView(String name) {
        try (Connection connection = dataSource.getConnection()) {
            return materializedViews(connection, REPORT_SCHEMA, name).stream().findFirst();
        } catch (SQLException e) {
            throw new CatalogException("cannot read the report catalog from PostgreSQL", e);
        }
    }

    /**
     * The names among {@code names} that are not materialized views of the report schema: one cheap query, for
     * checking a request before anything starts.
     */
    public Set<String> unknownViews(Collection<String> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UNKNOWN)) {
            statement.setArray(1, connection.createArrayOf("text", names.toArray()));
            statement.setString(2, REPORT_SCHEMA);
            Set<String> unknown = new TreeSet<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    unknown.add(rs.getString(1));
                }
            }
            return unknown;
        } catch (SQLException e) {
            throw new CatalogException("cannot read the report catalog from PostgreSQL", e);
        }
    }

    /**
     * A plain view over a record, as the catalog describes it now: its columns and comment.
     *
     * @param uniqueKey the record's own key among the view's columns
     * @throws CatalogException when there is no such view (a migration was not applied)
     */
    public RecordView recordView(String schema, String name, List<String> uniqueKey) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RECORD_VIEW)) {
            statement.setString(1, schema);
            statement.setString(2, name);
            List<Column> columns = new ArrayList<>();
            String comment = null;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2)));
                    comment = rs.getString(3);
                }
            }
            if (columns.isEmpty()) {
                throw new CatalogException("there is no view " + schema + "." + name + " of a record", null);
            }
            return new RecordView(schema, name, uniqueKey, columns, ReportMetadata.read(name, comment, columns));
        } catch (SQLException e) {
            throw new CatalogException("cannot read the catalog from PostgreSQL", e);
        }
    }

    private static final String RECORD_VIEW = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), obj_description(c.oid, 'pg_class')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'v'
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ?
              AND c.relname = ?
              AND a.attnum > 0
              AND NOT a.attisdropped
            ORDER BY a.attnum""";

    /** Every materialized view in {@code schema}, by name (tests use schemas of their own). */
    public List<MaterializedView> materializedViews(String schema) {
        try (Connection connection = dataSource.getConnection()) {
            return materializedViews(connection, schema, null);
        } catch (SQLException e) {
            throw new CatalogException("cannot read the report catalog from PostgreSQL", e);
        }
    }

    /**
     * Logs the definition problems of a view's comment, once per node for each text of the comment and its problems
     * (not on every read of the catalog, which happens on every request): a comment mended by a migration, or a view
     * made anew with other columns, says its problems, if any, again.
     */
    private static void reportProblems(MaterializedView view) {
        if (view.metadata().problems().isEmpty()) {
            return;
        }
        String said = view.key() + "\u0000" + view.comment() + "\u0000" + view.metadata().problems();
        if (PROBLEMS_SAID.size() >= MAX_PROBLEMS_SAID) {
            PROBLEMS_SAID.clear(); // bounded: then some are said once more, never silently dropped for ever
        }
        if (PROBLEMS_SAID.add(said)) {
            LOG.warning(() -> "report " + view.name() + " has problems in its definition (its comment); defaults"
                    + " apply: " + view.metadata().problems().stream()
                    .map(p -> "line " + p.line() + " '" + p.text() + "': " + p.problem())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** The (view, comment) pairs whose problems this node has logged. */
    private static final Set<String> PROBLEMS_SAID = ConcurrentHashMap.newKeySet();

    private static final int MAX_PROBLEMS_SAID = 10_000;

    private static final Logger LOG = Logger.getLogger(PostgresCatalog.class.getName());

    /**
     * {@code query} for every view ({@code name} null) or with {@code condition = ?} for one: two statements rather
     * than one with an "all or one" parameter, so that PostgreSQL keeps a plan for each instead of planning anew.
     */
    private static String oneOrAll(String query, String condition, String name) {
        return query.formatted(name == null ? "" : condition + " = ?");
    }

    /** The views of {@code schema}; only the one called {@code name} unless that is null. */
    private static List<MaterializedView> materializedViews(Connection connection, String schema, String name)
            throws SQLException {
        Map<Long, List<SourceRelation>> sources = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(oneOrAll(SOURCES, "WHERE m.relname", name))) {
            statement.setString(1, schema);
            if (name != null) {
                statement.setString(2, name);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sources.computeIfAbsent(rs.getLong(1), oid -> new ArrayList<>()).add(SourceRelation.of(
                            rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        Map<Long, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(oneOrAll(COLUMNS, "AND c.relname", name))) {
            statement.setString(1, schema);
            if (name != null) {
                statement.setString(2, name);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getLong(1), oid -> new ArrayList<>())
                            .add(new Column(rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<MaterializedView> views = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(oneOrAll(VIEWS, "AND c.relname", name))) {
            statement.setString(1, schema);
            if (name != null) {
                statement.setString(2, name);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong("oid");
                    Array key = rs.getArray("unique_key");
                    MaterializedView view = MaterializedView.of(oid, rs.getString("nspname"),
                            rs.getString("relname"), rs.getBoolean("relispopulated"),
                            key == null ? List.of() : List.of((String[]) key.getArray()), rs.getString("comment"),
                            columns.getOrDefault(oid, List.of()), sources.getOrDefault(oid, List.of()));
                    reportProblems(view);
                    views.add(view);
                }
            }
        }
        return List.copyOf(views);
    }
}
