package org.mvreports.report.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.database.ConnectionLoss;
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
 * <p>Anchors belong to one version of the view's data ({@link DataVersion}) and are kept with the other results of
 * that version ({@link ReportResults}); the page and the version are read in one snapshot. Any order of a report
 * with a unique key can be served, mixed directions and nulls included; a report without one (its order is not
 * total, so equal rows have no position of their own) is read with OFFSET, and so is a page whose anchors another
 * request is still reading: no request waits for another.
 *
 * <p>Reading anchors is one pass over the order (a sort, when no index serves it): it runs under a savepoint with
 * a shorter timeout ({@link #READ_TIMEOUT}); if it fails or takes longer, the page is read with OFFSET and the order
 * is remembered as one anchors do not serve, until its data changes. One anchor per {@code SPACING} rows: 2,000 for
 * 2 million rows; an order whose anchors would take more than {@link #MAX_CHARACTERS_PER_ORDER} characters is read
 * with OFFSET.
 */
@ApplicationScoped
public class PageAnchors {

    /** Rows between two anchors. */
    public static final int SPACING = 1000;

    /** Anchors of one order larger than this are not kept: the order is read with OFFSET. */
    static final long MAX_CHARACTERS_PER_ORDER = 2_000_000;

    /** The longest a read of anchors may take; a page read waits for it, so it is shorter than a read's limit. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = Logger.getLogger(PageAnchors.class.getName());

    /**
     * One order of a view's rows: the full order (the sort and the unique key's columns after it, with their cast
     * types), so that a new unique index or a changed column type makes a new question.
     */
    record Question(List<SortKey> order, List<String> types, List<Filter> filters) {
    }

    /**
     * The anchors of an order: {@code values.get(i)} is the text of the order columns of the row at position
     * {@code (i + 1) × SPACING} (null for a null), and {@code nullable} says per order column whether any row has a
     * null in it; unusable when reading them failed or they are too many to keep.
     */
    record Anchors(List<List<String>> values, List<Boolean> nullable, boolean usable) implements ReportResults.Result {

        static final Anchors UNUSABLE = new Anchors(List.of(), List.of(), false);

        @Override
        public long bytes() {
            return values.stream().flatMap(List::stream).mapToLong(v -> v == null ? 8 : 2L * v.length() + 48).sum();
        }
    }

    @Inject
    ReportResults results;

    /** An order of one version of one view's rows. */
    private record Reading(DataVersion version, Question question) {
    }

    /** The orders whose anchors a request is reading right now, so that no other request waits for them. */
    private final Set<Reading> reading = ConcurrentHashMap.newKeySet();

    /**
     * The statement for the page {@code request} asks for: from an anchor when it is deep and its order allows,
     * reading the anchors in this transaction if they are not known yet; otherwise with OFFSET.
     */
    ReportQuery.Statement page(Connection connection, DataVersion version, ReportQuery query, RowsRequest request)
            throws SQLException {
        long offset = (long) request.page() * request.size();
        if (offset < SPACING || !query.anchorable() || version == null) {
            return query.page(request);
        }
        Question question = new Question(query.ordering(request.sort()),
                query.ordering(request.sort()).stream().map(k -> query.castType(k.column())).toList(),
                request.filters());
        Optional<Anchors> anchors = results.known(version, question);
        if (anchors.isEmpty()) {
            Reading mine = new Reading(version, question);
            if (!reading.add(mine)) {
                return query.page(request); // another request is reading them: no waiting
            }
            try {
                Anchors read = read(connection, query, request);
                results.keep(version, question, read);
                anchors = Optional.of(read);
            } finally {
                reading.remove(mine);
            }
        }
        int index = (int) (offset / SPACING) - 1;
        if (!anchors.get().usable() || index >= anchors.get().values().size()) {
            return query.page(request);
        }
        return query.pageFrom(request, anchors.get().values().get(index), anchors.get().nullable(),
                offset - (index + 1L) * SPACING);
    }

    /**
     * Reads the anchors of the request's order under a savepoint with {@link #READ_TIMEOUT}; a failure other than a
     * lost connection leaves the transaction as it was and makes the order one anchors do not serve.
     */
    private static Anchors read(Connection connection, ReportQuery query, RowsRequest request) throws SQLException {
        long started = System.nanoTime();
        Savepoint savepoint = connection.setSavepoint();
        try {
            try (PreparedStatement timeout = connection.prepareStatement(
                    "SELECT set_config('statement_timeout', ?, true)")) {
                timeout.setString(1, READ_TIMEOUT.toMillis() + "ms");
                timeout.execute();
            }
            Anchors anchors = readUnderSavepoint(connection, query, request);
            connection.rollback(savepoint); // gives back the read's own statement timeout
            LOG.fine(() -> "read " + anchors.values().size() + " page anchors in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return anchors;
        } catch (SQLException e) {
            if (ConnectionLoss.isConnectionLoss(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            LOG.log(Level.WARNING, "page anchors could not be read (" + e.getSQLState() + "); deep pages of this"
                    + " order are read with OFFSET until its data changes", e);
            return Anchors.UNUSABLE;
        }
    }

    private static Anchors readUnderSavepoint(Connection connection, ReportQuery query, RowsRequest request)
            throws SQLException {
        List<SortKey> order = query.ordering(request.sort());
        List<Boolean> nullable = new ArrayList<>();
        try (PreparedStatement nulls = ReportReader.prepared(connection,
                query.nullsInOrder(request.sort(), request.filters()));
             ResultSet rs = nulls.executeQuery()) {
            rs.next();
            for (int i = 0; i < order.size(); i++) {
                boolean hasNulls = rs.getBoolean(i + 1);
                if (hasNulls && query.uniqueKey().contains(order.get(i).column())) {
                    return Anchors.UNUSABLE; // a unique index lets nulls repeat: the order is not total then
                }
                nullable.add(hasNulls);
            }
        }
        List<List<String>> values = new ArrayList<>();
        long characters = 0;
        try (PreparedStatement anchors = ReportReader.prepared(connection,
                query.anchors(request.sort(), request.filters(), SPACING))) {
            anchors.setFetchSize(SPACING);
            try (ResultSet rs = anchors.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> anchor = new ArrayList<>(columns - 1);
                    for (int i = 2; i <= columns; i++) {
                        String value = rs.getString(i);
                        characters += value == null ? 0 : value.length();
                        anchor.add(value);
                    }
                    if (characters > MAX_CHARACTERS_PER_ORDER) {
                        return Anchors.UNUSABLE; // too big to keep; stop reading them
                    }
                    values.add(Collections.unmodifiableList(anchor)); // may hold nulls
                }
            }
        }
        return new Anchors(List.copyOf(values), List.copyOf(nullable), true);
    }
}
