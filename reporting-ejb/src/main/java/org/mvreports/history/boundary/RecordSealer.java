package org.mvreports.history.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.control.RecordChains;
import org.mvreports.history.entity.ChainHead;

/**
 * Seals the records every few seconds on every node ({@link RecordChains#seal}: one sealer at a time across the
 * site, so more nodes only mean more tries), and writes each chain's head to the server log whenever it moved, and
 * once a day when it did not: a head that has left the database is what catches a chain a superuser rewrote
 * consistently (docs/integrity.md).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // a run that overlaps the next is skipped by the lock below
@TransactionManagement(TransactionManagementType.BEAN) // its own local transaction, READ COMMITTED
public class RecordSealer {

    private static final Logger LOG = Logger.getLogger(RecordSealer.class.getName());

    /** A head is logged at least this often, moved or not. */
    static final Duration LOG_AT_LEAST_EVERY = Duration.ofDays(1);

    /** A failure to seal (the database away) is logged at most this often. */
    private static final Duration COMPLAIN_AT_MOST_EVERY = Duration.ofMinutes(10);

    @Inject
    LocalTransactions database;

    private final Object running = new Object();
    private final Map<String, ChainHead> logged = new HashMap<>();
    private final Map<String, Instant> loggedAt = new HashMap<>();
    private Instant complainedAt = Instant.EPOCH;
    private Instant warnedUnprotectedAt = Instant.EPOCH;

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void sealEveryFewSeconds() {
        seal();
    }

    /** Seals what is committed and not sealed yet, then logs the heads that moved; returns the heads. */
    public List<ChainHead> seal() {
        synchronized (running) {
            try {
                int sealed; // a backlog (the first start after an upgrade, an outage): a short transaction per batch
                do {
                    sealed = database.inTransaction(RecordChains::seal);
                } while (sealed >= RecordChains.BATCH);
                List<ChainHead> heads = database.inTransaction(RecordChains::heads);
                logMoved(heads);
                warnWhenUnprotected();
                return heads;
            } catch (SQLException | RuntimeException e) {
                Instant now = Instant.now();
                if (Duration.between(complainedAt, now).compareTo(COMPLAIN_AT_MOST_EVERY) >= 0) {
                    complainedAt = now;
                    LOG.log(Level.WARNING, "cannot seal the records right now; the rows wait and are sealed once it"
                            + " works again: " + e.getMessage());
                }
                return List.of();
            }
        }
    }

    /**
     * Says in the log, when the node starts and then daily, that the records are not protected from the application's
     * own database role (one role: docs/integrity.md); the history pages say it too.
     */
    private void warnWhenUnprotected() throws SQLException {
        Instant now = Instant.now();
        if (Duration.between(warnedUnprotectedAt, now).compareTo(LOG_AT_LEAST_EVERY) < 0) {
            return;
        }
        warnedUnprotectedAt = now;
        if (!database.inTransaction(RecordChains::recordsProtected)) {
            LOG.warning("the records (refresh history, export record, admin actions) are not protected from MV"
                    + " Reports' own database role: it owns them, or may change them. Their hash chains still show"
                    + " what was changed, but the application's credentials suffice to change them. Give the"
                    + " records an owner role of their own: set REPORTING_DB_OWNER_USER and"
                    + " REPORTING_DB_OWNER_PASSWORD and run ./run migrate (README, \"Two database roles\").");
        }
    }

    private void logMoved(List<ChainHead> heads) {
        Instant now = Instant.now();
        for (ChainHead head : heads) {
            ChainHead before = logged.get(head.record());
            Instant at = loggedAt.get(head.record());
            boolean moved = before == null || before.position() != head.position();
            if (head.position() > 0 && (moved || Duration.between(at, now).compareTo(LOG_AT_LEAST_EVERY) >= 0)) {
                LOG.info(() -> "record chain " + head.record() + " head " + head.asText() + " (sealed at "
                        + head.sealedAt() + "; save it to verify later with GET /api/refresh-log/verify?head="
                        + head.record() + ":" + head.asText() + ")");
                logged.put(head.record(), head);
                loggedAt.put(head.record(), now);
            }
        }
    }
}
