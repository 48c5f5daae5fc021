package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The records' hash chains on the real stack: a row altered, removed or slipped in by a superuser (triggers off) is
 * reported by {@code verify} with its id; a chain a superuser rewrote consistently from a row on is intact to
 * {@code verify} and caught by a head saved before; writers appending at once, in READ COMMITTED and in REPEATABLE
 * READ, while several sealers run, never fork a chain and every row is sealed.
 */
class RecordChainsIT {

    private static final String REFRESH_LOG_COLUMNS = "id, view_schema, view_name, outcome, mode, trigger_kind,"
            + " triggered_by, job_execution_id, started_at, finished_at, row_count, error_message, sql_state,"
            + " upstream_view, node_name, definition_hash, source_snapshot, forced, definition_changed";

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void tamperingIsReportedWithTheRowAndARewrittenChainIsCaughtByASavedHead() throws Exception {
        long job = api.startJob("admin", "{\"views\":[\"monthly_signups\"],\"force\":true}");
        assertEquals("COMPLETED", api.awaitEnd(job).getString("batchStatus"));
        JsonObject sealed = awaitSealed();
        assertTrue(sealed.getBoolean("intact"), sealed.toString());
        JsonObject head = ApiClient.json(api.get("refresh-log/head", "auditor")).asJsonArray().getJsonObject(0);
        assertEquals("refresh_log", head.getString("record"));
        String saved = head.getJsonNumber("position").longValue() + ":" + head.getString("hash");
        long row = rowAt(head.getJsonNumber("position").longValue());

        try (Connection superuser = superuser(); Statement sql = superuser.createStatement()) {
            // Altered.
            sql.execute("UPDATE app.refresh_log SET node_name = node_name || '!' WHERE id = " + row);
            assertProblem("CONTENT_CHANGED", row);
            sql.execute("UPDATE app.refresh_log SET node_name = rtrim(node_name, '!') WHERE id = " + row);
            assertIntact();

            // Removed (and put back as it was).
            sql.execute("CREATE TEMPORARY TABLE removed AS SELECT * FROM app.refresh_log WHERE id = " + row);
            sql.execute("DELETE FROM app.refresh_log WHERE id = " + row);
            assertProblem("ROW_MISSING", row);
            sql.execute("INSERT INTO app.refresh_log (" + REFRESH_LOG_COLUMNS + ") OVERRIDING SYSTEM VALUE SELECT "
                    + REFRESH_LOG_COLUMNS + " FROM removed");
            assertIntact();

            // Slipped in, with an id of its own between the sealed ones' and the next.
            long slipped = number(sql, "SELECT max(id) + 1000 FROM app.refresh_log");
            sql.execute("INSERT INTO app.refresh_log (id, view_schema, view_name, outcome, trigger_kind, started_at,"
                    + " finished_at, node_name) OVERRIDING SYSTEM VALUE VALUES (" + slipped + ", 'reports',"
                    + " 'monthly_signups', 'SUCCEEDED', 'SCHEDULE', now(), now(), 'nowhere')");
            assertProblem("ROW_SLIPPED_IN", slipped);
            sql.execute("DELETE FROM app.refresh_log WHERE id = " + slipped);
            assertIntact();

            // Rewritten consistently from the saved head's row on: intact to verify, not to the saved head.
            sql.execute("UPDATE app.refresh_log SET node_name = node_name || '!' WHERE id = " + row);
            rechain(sql, row);
            assertIntact();
            JsonObject caught = verify("?head=" + saved);
            assertFalse(caught.getBoolean("intact"));
            JsonObject problem = caught.getJsonArray("chains").getJsonObject(0).getJsonObject("problem");
            assertEquals("HEAD_NOT_CONTAINED", problem.getString("kind"), caught.toString());
            sql.execute("UPDATE app.refresh_log SET node_name = rtrim(node_name, '!') WHERE id = " + row);
            rechain(sql, row);
            assertTrue(verify("?head=" + saved).getBoolean("intact"), "as it was: the saved head is in it again");
        }
    }

    /** Item 11: 6 writers × 8 appends at once, twice, in each isolation level, with sealers racing each other. */
    @Test
    void parallelWritersNeverForkAChainAndEveryRowIsSealed() throws Exception {
        String schema = "it_chain_" + System.nanoTime();
        for (String isolation : List.of("READ COMMITTED", "REPEATABLE READ", "READ COMMITTED", "REPEATABLE READ")) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicBoolean writing = new AtomicBoolean(true);
            try {
                List<Future<?>> sealers = new ArrayList<>();
                for (int s = 0; s < 2; s++) { // two more sealers, as other nodes would run them
                    sealers.add(pool.submit(() -> {
                        try (Connection db = TestStack.database(); Statement seal = db.createStatement()) {
                            while (writing.get()) {
                                seal.execute("SELECT app.seal_records(5)");
                            }
                        }
                        return null;
                    }));
                }
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        try (Connection db = TestStack.database()) {
                            db.setAutoCommit(false);
                            db.setTransactionIsolation(isolation.equals("READ COMMITTED")
                                    ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_REPEATABLE_READ);
                            for (int i = 0; i < 8; i++) {
                                try (PreparedStatement append = db.prepareStatement("""
                                        INSERT INTO app.refresh_log (view_schema, view_name, outcome, trigger_kind,
                                                                     started_at, finished_at, node_name)
                                        VALUES (?, ?, 'SUCCEEDED', 'API', now(), now(), 'it-writer')""")) {
                                    append.setString(1, schema);
                                    append.setString(2, "writer_" + writer);
                                    append.executeUpdate();
                                }
                                db.commit();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
                writing.set(false);
                for (Future<?> sealer : sealers) {
                    sealer.get();
                }
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
        }
        JsonObject verdict = awaitSealed();
        assertTrue(verdict.getBoolean("intact"), "no false break: " + verdict);
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            assertEquals(4 * 6 * 8, number(sql, "SELECT count(*) FROM app.refresh_log r JOIN app.record_chain c"
                    + " ON c.record = 'refresh_log' AND c.row_id = r.id WHERE r.view_schema = '" + schema + "'"),
                    "every row sealed, once");
            assertEquals(number(sql, "SELECT max(position) FROM app.record_chain WHERE record = 'refresh_log'"),
                    number(sql, "SELECT count(*) FROM app.record_chain WHERE record = 'refresh_log'"),
                    "one link per position, no gap, no fork");
        }
    }

    /** Recomputes every link of the refresh log's chain from {@code row}'s on, as a superuser could. */
    private static void rechain(Statement sql, long row) throws SQLException {
        sql.execute("""
                DO $$
                DECLARE
                    link record;
                    before text;
                BEGIN
                    PERFORM pg_advisory_xact_lock(7410259635211620865);
                    FOR link IN SELECT c.position, c.row_id, c.previous
                                FROM app.record_chain c
                                WHERE c.record = 'refresh_log'
                                  AND c.position >= (SELECT position FROM app.record_chain
                                                     WHERE record = 'refresh_log' AND row_id = %d)
                                ORDER BY c.position
                        LOOP
                            before := coalesce(before, link.previous);
                            UPDATE app.record_chain
                            SET previous = before,
                                hash = app.chain_hash(before, link.position, 'refresh_log',
                                                      (SELECT app.refresh_log_canonical(r) FROM app.refresh_log r
                                                       WHERE r.id = link.row_id))
                            WHERE record = 'refresh_log' AND position = link.position
                            RETURNING hash INTO before;
                        END LOOP;
                END
                $$""".formatted(row));
    }

    /** The test stack's superuser on the application's database, with every trigger off for its session. */
    private static Connection superuser() throws SQLException {
        String url = TestStack.databaseLogin().jdbcUrl();
        Connection connection = TestStack.superuser(url.substring(url.lastIndexOf('/') + 1));
        try (Statement replica = connection.createStatement()) {
            replica.execute("SET session_replication_role = replica");
        }
        return connection;
    }

    private static long rowAt(long position) throws SQLException {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            return number(sql, "SELECT row_id FROM app.record_chain WHERE record = 'refresh_log' AND position = "
                    + position);
        }
    }

    private JsonObject awaitSealed() throws Exception {
        return Await.value("every row of the records sealed", Duration.ofSeconds(60), () -> verify(""),
                verdict -> verdict.getJsonArray("chains").stream()
                        .allMatch(chain -> chain.asJsonObject().getJsonNumber("pending").longValue() == 0));
    }

    private JsonObject verify(String query) throws Exception {
        return ApiClient.json(api.get("refresh-log/verify" + query, "auditor")).asJsonObject();
    }

    private void assertIntact() throws Exception {
        JsonObject verdict = verify("");
        assertTrue(verdict.getBoolean("intact"), verdict.toString());
    }

    private void assertProblem(String kind, long row) throws Exception {
        JsonObject refreshLog = verify("").getJsonArray("chains").getJsonObject(0);
        assertFalse(refreshLog.getBoolean("intact"), refreshLog.toString());
        JsonObject problem = refreshLog.getJsonObject("problem");
        assertEquals(kind, problem.getString("kind"), refreshLog.toString());
        assertEquals(row, problem.getJsonNumber("rowId").longValue(), refreshLog.toString());
    }

    private static long number(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
