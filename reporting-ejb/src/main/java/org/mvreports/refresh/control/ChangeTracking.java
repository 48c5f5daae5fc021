package org.mvreports.refresh.control;

import org.mvreports.history.control.RefreshLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.MaterializedView.RelationKind;
import org.mvreports.definition.entity.MaterializedView.SourceRelation;

/**
 * Knows whether what a view reads has changed since its last successful refresh (see V6__change_tracking.sql
 * for the records and why they are insert-only).
 *
 * <ul>
 *   <li>{@link #ensureTriggers} installs the statement-level trigger on every table a report reads, keeping up
 *       with new reports. A table that just got its trigger counts as changed once, since nobody knows what
 *       happened to it before.</li>
 *   <li>{@link #changedSince} asks whether any change to a view's sources was not visible in the snapshot of the
 *       view's last successful refresh. A refresh of a materialized view is itself recorded as a change of that
 *       view ({@link #recordRefresh}), so views that read it notice.</li>
 *   <li>{@link #prune} deletes records that every view reading the relation has already seen.</li>
 * </ul>
 * Foreign tables cannot carry the trigger; a view reading one is refreshed every time.
 */
@ApplicationScoped
public class ChangeTracking {

    static final String TRIGGER = "mvreports_source_change";

    /**
     * Adding the trigger takes a lock that waits for transactions using the table and makes new writers queue
     * behind it; a busy table is tried again at the next plan instead.
     */
    private static final String TRIGGER_LOCK_TIMEOUT = "5s";

    private static final Logger LOG = Logger.getLogger(ChangeTracking.class.getName());

    private static final String UNTRACKED_TABLES = """
            SELECT c.oid
            FROM pg_class c
            WHERE c.oid = ANY (?)
              AND NOT EXISTS (SELECT 1
                              FROM pg_trigger t
                              WHERE t.tgrelid = c.oid
                                AND t.tgname = '""" + TRIGGER + "')";

    private static final String CHANGED_SINCE = """
            SELECT EXISTS (SELECT 1
                           FROM app.source_changes c
                           WHERE c.relation_oid = ANY (?)
                             AND c.xid >= pg_snapshot_xmin(?::pg_snapshot)
                             AND NOT pg_visible_in_snapshot(c.xid, ?::pg_snapshot))""";

    /*
     * A record may go when the snapshot of every reader's last successful refresh sees it. Records exist only for
     * committed writers (they are written in the writer's transaction), and every transaction older than a
     * snapshot's xmin is finished, so "xid < the oldest reader's xmin" is "seen by all readers".
     */
    private static final String PRUNE = """
            DELETE FROM app.source_changes
            WHERE relation_oid = ?
              AND xid < (SELECT min(pg_snapshot_xmin(s::pg_snapshot)) FROM unnest(?::text[]) AS s)""";

    /** Records of relations that no longer exist (a dropped table or a recreated view) help nobody. */
    private static final String PRUNE_DROPPED = """
            DELETE FROM app.source_changes c
            WHERE NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = c.relation_oid)""";

    @Inject
    LocalTransactions database;

    /**
     * Installs the change trigger on each table the given views read and that lacks it.
     *
     * @return the tables whose changes cannot be tracked (foreign tables, or no privilege to add a trigger)
     */
    public Set<Long> ensureTriggers(Collection<MaterializedView> views) throws SQLException {
        Map<Long, SourceRelation> tables = new HashMap<>();
        Set<Long> untrackable = new HashSet<>();
        for (MaterializedView view : views) {
            for (SourceRelation source : view.sources()) {
                if (source.kind() == RelationKind.TABLE || source.kind() == RelationKind.PARTITIONED_TABLE) {
                    tables.put(source.oid(), source);
                } else if (source.kind() == RelationKind.FOREIGN_TABLE) {
                    untrackable.add(source.oid());
                }
            }
        }
        if (tables.isEmpty()) {
            return untrackable;
        }
        List<Long> missing = database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(UNTRACKED_TABLES)) {
                query.setArray(1, oidArray(connection, tables.keySet()));
                List<Long> oids = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        oids.add(rs.getLong(1));
                    }
                }
                return oids;
            }
        });
        for (Long oid : missing) {
            SourceRelation table = tables.get(oid);
            try {
                database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        // The trigger needs a lock that writers queue behind: never wait long for it.
                        statement.execute("SET LOCAL lock_timeout = '" + TRIGGER_LOCK_TIMEOUT + "'");
                        // Quoted names from the catalog; nothing a user typed.
                        statement.execute("CREATE TRIGGER " + TRIGGER
                                + " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + table.qualifiedName()
                                + " FOR EACH STATEMENT EXECUTE FUNCTION app.record_source_change()");
                    }
                    try (PreparedStatement unknownPast = connection.prepareStatement(
                            "INSERT INTO app.source_changes (relation_oid) VALUES (?)")) {
                        unknownPast.setLong(1, oid);
                        unknownPast.executeUpdate();
                    }
                    return null;
                });
                LOG.info(() -> "tracking changes of " + table.key() + " for skip-unchanged refreshes");
            } catch (SQLException e) {
                if ("42710".equals(e.getSQLState())) {
                    continue; // another node installed it at the same moment
                }
                untrackable.add(oid);
                LOG.warning(() -> "cannot track changes of " + table.key() + " (" + e.getMessage()
                        + "); views reading it are refreshed every time until it can");
            }
        }
        return untrackable;
    }

    /** Whether any of {@code relationOids} changed in a way the snapshot {@code snapshot} did not see. */
    static boolean changedSince(Connection connection, Collection<Long> relationOids, String snapshot)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(CHANGED_SINCE)) {
            query.setArray(1, oidArray(connection, relationOids));
            // Below the snapshot's xmin everything is visible to it: the lower bound only saves reading those.
            query.setString(2, snapshot);
            query.setString(3, snapshot);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * For each view refreshed before, when its sources last changed in a way its last successful refresh did not
     * see (null: no such change, so its data is up to date with them); views whose snapshot is unknown, or that read
     * a foreign table (its changes are not tracked), are absent (nobody knows). One query for all the views, so
     * that the catalog, a scrape and a probe cost the same however many reports there are.
     *
     * @param snapshots view name → the snapshot its last successful refresh read
     */
    public static Map<String, Instant> unseenChanges(Connection connection, Collection<MaterializedView> views,
                                                     Map<String, String> snapshots) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> viewSnapshots = new ArrayList<>();
        List<String> readers = new ArrayList<>();
        List<Long> sources = new ArrayList<>();
        for (MaterializedView view : views) {
            String snapshot = snapshots.get(view.name());
            if (snapshot == null || view.sources().stream().anyMatch(s -> s.kind() == RelationKind.FOREIGN_TABLE)) {
                continue;
            }
            names.add(view.name());
            viewSnapshots.add(snapshot);
            for (SourceRelation source : view.sources()) {
                readers.add(view.name());
                sources.add(source.oid());
            }
        }
        Map<String, Instant> changes = new HashMap<>();
        if (names.isEmpty()) {
            return changes;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                WITH refreshed (view_name, snapshot) AS (SELECT * FROM unnest(?::text[], ?::text[])),
                     reads (view_name, relation_oid) AS (SELECT * FROM unnest(?::text[], ?::oid[]))
                SELECT r.view_name,
                       (SELECT max(c.changed_at)
                        FROM reads s
                        JOIN app.source_changes c ON c.relation_oid = s.relation_oid
                        WHERE s.view_name = r.view_name
                          AND c.xid >= pg_snapshot_xmin(r.snapshot::pg_snapshot)
                          AND NOT pg_visible_in_snapshot(c.xid, r.snapshot::pg_snapshot))
                FROM refreshed r""")) {
            query.setArray(1, connection.createArrayOf("text", names.toArray()));
            query.setArray(2, connection.createArrayOf("text", viewSnapshots.toArray()));
            query.setArray(3, connection.createArrayOf("text", readers.toArray()));
            query.setArray(4, oidArray(connection, sources));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp changed = rs.getTimestamp(2);
                    changes.put(rs.getString(1), changed == null ? null : changed.toInstant());
                }
            }
        }
        return changes;
    }

    /** Records, in the refresh's transaction, that a materialized view got new contents. */
    static void recordRefresh(Connection connection, long viewOid) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO app.source_changes (relation_oid) VALUES (?)")) {
            insert.setLong(1, viewOid);
            insert.executeUpdate();
        }
    }

    /**
     * Deletes the records every reader has seen. Readers are the views given, so a table must not be read by
     * views of two different report schemas (each schema is pruned on its own).
     *
     * @param views every view of one report schema
     */
    public void prune(Collection<MaterializedView> views) throws SQLException {
        if (views.isEmpty()) {
            return;
        }
        String schema = views.iterator().next().schema();
        database.inTransaction(connection -> {
            Map<String, String> lastSnapshots = new HashMap<>();
            RefreshLog.lastSuccesses(connection, schema, views.stream().map(MaterializedView::name).toList())
                    .forEach((view, last) -> {
                        if (last.snapshot() != null) {
                            lastSnapshots.put(view, last.snapshot());
                        }
                    });
            /*
             * A view that never succeeded holds back every record of its sources: its first refresh may be running
             * now with a snapshot older than the other readers', and must still see the writes that snapshot missed.
             */
            Map<Long, List<String>> readerSnapshots = new HashMap<>();
            Set<Long> unseenByAReader = new HashSet<>();
            for (MaterializedView view : views) {
                String snapshot = lastSnapshots.get(view.name());
                for (SourceRelation source : view.sources()) {
                    if (snapshot == null) {
                        unseenByAReader.add(source.oid());
                    } else {
                        readerSnapshots.computeIfAbsent(source.oid(), oid -> new ArrayList<>()).add(snapshot);
                    }
                }
            }
            try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
                for (var entry : readerSnapshots.entrySet()) {
                    if (!unseenByAReader.contains(entry.getKey())) {
                        prune.setLong(1, entry.getKey());
                        prune.setArray(2, connection.createArrayOf("text", entry.getValue().toArray()));
                        prune.addBatch();
                    }
                }
                prune.executeBatch();
            }
            try (Statement dropped = connection.createStatement()) {
                dropped.executeUpdate(PRUNE_DROPPED);
            }
            return null;
        });
    }

    private static Array oidArray(Connection connection, Collection<Long> oids) throws SQLException {
        return connection.createArrayOf("oid", oids.toArray());
    }
}
