package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mvreports.database.LocalTransactions;

/**
 * {@code app.refresh_job_restarts}: which execution restarted which (see V12). An execution is restarted once: the
 * restart is claimed before the new execution starts (the primary key turns two concurrent restarts into one and a
 * refusal), then linked to it; a claim left without its execution for {@link #ABANDONED_CLAIM_AFTER} never got one
 * (its node died in between) and may be taken again.
 */
@ApplicationScoped
public class JobRestarts {

    /**
     * A claim still without its new execution after this never got one; should the first restart run after all (it
     * waited that long for a batch thread), it finds the other linked and does nothing.
     */
    static final String ABANDONED_CLAIM_AFTER = "1 minute";

    @Inject
    LocalTransactions database;

    /**
     * The restart claimed for an execution.
     *
     * @param restartedAs the execution that restarts it, null between the claim and the new execution's start
     */
    record Claim(Long restartedAs) {
    }

    /**
     * Claims the restart of {@code executionId} for {@code requestedBy}, in the caller's transaction.
     *
     * @return false when it was claimed already (and not abandoned)
     */
    static boolean claim(Connection connection, long executionId, String requestedBy) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement("""
                INSERT INTO app.refresh_job_restarts (restarted_execution_id, requested_by) VALUES (?, ?)
                ON CONFLICT (restarted_execution_id) DO UPDATE
                    SET requested_by = excluded.requested_by, requested_at = now()
                    WHERE refresh_job_restarts.restarted_as IS NULL
                      AND refresh_job_restarts.requested_at < now() - ?::interval""")) {
            claim.setLong(1, executionId);
            claim.setString(2, requestedBy);
            claim.setString(3, ABANDONED_CLAIM_AFTER);
            return claim.executeUpdate() == 1;
        }
    }

    /** @return the restart claimed for {@code executionId}, null when none was */
    static Claim claimOf(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT restarted_as FROM app.refresh_job_restarts WHERE restarted_execution_id = ?")) {
            query.setLong(1, executionId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new Claim((Long) rs.getObject(1)) : null;
            }
        }
    }

    /**
     * The restart links of {@code executions}: for each, the execution it resumes (if it is a restart) and the one
     * that restarted it (if it was restarted).
     */
    record Links(Map<Long, Long> resumes, Map<Long, Long> restartedAs) {
    }

    static Links links(Connection connection, Collection<Long> executions) throws SQLException {
        Map<Long, Long> resumes = new HashMap<>();
        Map<Long, Long> restartedAs = new HashMap<>();
        if (!executions.isEmpty()) {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT restarted_execution_id, restarted_as
                    FROM app.refresh_job_restarts
                    WHERE restarted_execution_id = ANY(?)
                       OR restarted_as = ANY(?)""")) {
                Array ids = connection.createArrayOf("bigint", executions.toArray());
                query.setArray(1, ids);
                query.setArray(2, ids);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        long restarted = rs.getLong(1);
                        Long as = (Long) rs.getObject(2);
                        if (as != null) {
                            resumes.put(as, restarted);
                            restartedAs.put(restarted, as);
                        }
                    }
                }
            }
        }
        return new Links(resumes, restartedAs);
    }

    /** Links a claim to the execution that restarts: once, never changed afterwards. */
    static void link(Connection connection, long restarted, long restartedAs) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE app.refresh_job_restarts SET restarted_as = ?
                WHERE restarted_execution_id = ? AND restarted_as IS NULL""")) {
            update.setLong(1, restartedAs);
            update.setLong(2, restarted);
            update.executeUpdate();
        }
    }

    /** Links a claim to its new execution, in a transaction of its own (the new execution may link itself first). */
    public void started(long restarted, long restartedAs) throws SQLException {
        database.inTransaction(connection -> {
            link(connection, restarted, restartedAs);
            return null;
        });
    }

    /** Gives a claim back: the new execution did not start. */
    public void notStarted(long restarted) throws SQLException {
        database.update("""
                DELETE FROM app.refresh_job_restarts
                WHERE restarted_execution_id = ? AND restarted_as IS NULL""", restarted);
    }

    /**
     * An execution and those it resumed, through restarts of restarts: the executions whose finished views a restart
     * of {@code resumes} does not do again.
     */
    static List<Long> lineage(Connection connection, long resumes) throws SQLException {
        List<Long> lineage = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                WITH RECURSIVE lineage (execution_id) AS (
                    SELECT ?::bigint
                    UNION
                    SELECT r.restarted_execution_id
                    FROM app.refresh_job_restarts r
                    JOIN lineage l ON r.restarted_as = l.execution_id
                )
                SELECT execution_id FROM lineage""")) {
            query.setLong(1, resumes);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    lineage.add(rs.getLong(1));
                }
            }
        }
        return lineage;
    }
}
