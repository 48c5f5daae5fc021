package org.mvreports.report.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import jakarta.enterprise.context.ApplicationScoped;
import org.mvreports.catalog.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;

/**
 * Where deep pages start, so that reading page 20,000 of a report costs what reading page 2 does.
 *
 * <p>A report's rows change only when it is refreshed, so the position of every row in a given order is fixed
 * between refreshes. The first time a page at least {@link #SPACING} rows deep is asked for in an order (sort and
 * filters), every {@code SPACING}-th row's order values are read in one pass and kept: the <em>anchors</em>. A page
 * then starts at the anchor before it, with an index seek ({@link ReportQuery#pageFrom}) and an offset of fewer than
 * {@code SPACING} rows, instead of an {@code OFFSET} that reads every row before it.
 *
 * <p>Anchors belong to one version of the view's data, named by its last logged refresh, its storage file (a plain
 * REFRESH gives it a new one) and its row counters (which catch a REFRESH run outside MV Reports once PostgreSQL's
 * statistics have them, within seconds); the page and the version are read in one snapshot. An order that anchors
 * cannot serve (mixed directions, nulls in its columns, a report without a unique key) is read with OFFSET, and so
 * is a page whose anchors another request is still reading: no request waits for another.
 *
 * <p>Kept for the {@link #KEPT} most recently used orders; each holds one anchor per {@code SPACING} rows
 * (2,000 for 2 million rows).
 */
@ApplicationScoped
public class PageAnchors {

    /** Rows between two anchors. */
    public static final int SPACING = 1000;

    /** How many orders' anchors are kept. */
    static final int KEPT = 64;

    private static final Logger LOG = Logger.getLogger(PageAnchors.class.getName());

    /** One order of one version of a view's rows. */
    record Key(String relation, String version, List<SortKey> sort, List<Filter> filters) {
    }

    /**
     * The anchors of an order: {@code values.get(i)} is the text of the order columns of the row at position
     * {@code (i + 1) × SPACING}; none when nulls in the order's columns make them unusable.
     */
    record Anchors(List<List<String>> values, boolean usable) {
    }

    private final Map<Key, Anchors> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Anchors> eldest) {
            return size() > KEPT;
        }
    };

    private final Map<Key, Boolean> reading = new ConcurrentHashMap<>();

    /** The version of the view's data this transaction sees. */
    static String version(Connection connection, MaterializedView view) throws SQLException {
        LastSuccess last = RefreshLog.lastSuccess(connection, view.schema(), view.name());
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT concat_ws('/', c.relfilenode, pg_stat_get_tuples_inserted(c.oid),
                                 pg_stat_get_tuples_updated(c.oid), pg_stat_get_tuples_deleted(c.oid))
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ?
                  AND c.relname = ?""")) {
            query.setString(1, view.schema());
            query.setString(2, view.name());
            try (ResultSet rs = query.executeQuery()) {
                return (rs.next() ? rs.getString(1) : "") + "/" + (last == null ? "" : last.finishedAt());
            }
        }
    }

    /**
     * The statement for the page {@code request} asks for: from an anchor when it is deep and its order allows,
     * reading the anchors in this transaction if they are not known yet; otherwise with OFFSET.
     */
    ReportQuery.Statement page(Connection connection, MaterializedView view, ReportQuery query, RowsRequest request)
            throws SQLException {
        long offset = (long) request.page() * request.size();
        if (offset < SPACING || !query.anchorable(request.sort())) {
            return query.page(request);
        }
        Key key = new Key(view.qualifiedName(), version(connection, view), request.sort(), request.filters());
        Optional<Anchors> anchors = known(key);
        if (anchors.isEmpty()) {
            if (reading.putIfAbsent(key, Boolean.TRUE) != null) {
                return query.page(request);
            }
            try {
                Anchors read = read(connection, query, request);
                synchronized (kept) {
                    kept.put(key, read);
                }
                anchors = Optional.of(read);
            } finally {
                reading.remove(key);
            }
        }
        int index = (int) (offset / SPACING) - 1;
        if (!anchors.get().usable() || index >= anchors.get().values().size()) {
            return query.page(request);
        }
        return query.pageFrom(request, anchors.get().values().get(index), offset - (index + 1L) * SPACING);
    }

    private Optional<Anchors> known(Key key) {
        synchronized (kept) {
            return Optional.ofNullable(kept.get(key));
        }
    }

    private static Anchors read(Connection connection, ReportQuery query, RowsRequest request) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement nulls = ReportReader.prepared(connection,
                query.nullsInOrder(request.sort(), request.filters()));
             ResultSet rs = nulls.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                return new Anchors(List.of(), false);
            }
        }
        List<List<String>> values = new ArrayList<>();
        try (PreparedStatement anchors = ReportReader.prepared(connection,
                query.anchors(request.sort(), request.filters(), SPACING));
             ResultSet rs = anchors.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> anchor = new ArrayList<>(columns - 1);
                for (int i = 2; i <= columns; i++) {
                    anchor.add(rs.getString(i));
                }
                values.add(List.copyOf(anchor));
            }
        }
        LOG.fine(() -> "read " + values.size() + " page anchors in " + (System.nanoTime() - started) / 1_000_000
                + " ms");
        return new Anchors(List.copyOf(values), true);
    }
}
