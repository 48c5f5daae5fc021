package org.mvreports.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.database.BoundedRead;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.schema.boundary.SchemaStartup;

/**
 * The readiness probe: one read of everything readiness looks at, answered within {@link #LIMIT} whatever the
 * database does ({@link BoundedRead}): a database that hangs (a network partition, a full connection pool) makes
 * readiness DOWN within that time instead of holding the prober's request until a TCP timeout. The four checks of one
 * {@code /health/ready} request share one probe.
 */
@ApplicationScoped
public class ReadinessProbe {

    /** The longest a probe may take before readiness is DOWN. */
    static final Duration LIMIT = Duration.ofSeconds(2);

    /** How long one probe's result answers further checks. */
    private static final Duration REUSE = Duration.ofSeconds(1);

    /** How long a probe that found the database up speaks for it while the next one is still running. */
    private static final Duration STILL_VALID = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(ReadinessProbe.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    LocalTransactions database;

    @Inject
    SchemaStartup schema;

    @Inject
    ReportCatalog catalog;

    @Inject
    RefreshJobs refreshJobs;

    private BoundedRead<ProbeResult> probe;

    /** Whether the latest answer found the database up, to log changes only (not every probe of an outage). */
    private volatile boolean databaseWasUp = true;

    /** The driver's words for the latest failure to reach the database: for the log, never for the prober. */
    private volatile String unreachableBecause;

    @PostConstruct
    void start() {
        probe = new BoundedRead<>(threadFactory, LIMIT, REUSE, this::probe);
    }

    /** Creates the probe's thread at deployment, not at the first probe (which runs on a server thread). */
    void createAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        LOG.fine(() -> "readiness probe ready: " + probe);
    }

    @PreDestroy
    void stop() {
        probe.close();
    }

    /** The latest probe's result, at most a second old, or a new probe's. */
    ProbeResult current() {
        ProbeResult found = probe.current((why, latest) -> {
            if (!(why instanceof TimeoutException)) {
                LOG.log(Level.WARNING, "readiness probe failed", why);
                return ProbeResult.unreachable(Instant.now(), "the probe failed (see the server log)");
            }
            // Slow, not gone: a probe that reached the database within the last few seconds still speaks for it
            // (a catalog read that takes longer than the limit must not take every node out at once).
            if (latest != null && latest.value().databaseUp()
                    && latest.at().plus(STILL_VALID).isAfter(Instant.now())) {
                return latest.value();
            }
            return ProbeResult.unreachable(Instant.now(), "the database did not answer within "
                    + LIMIT.toSeconds() + " s");
        });
        if (databaseWasUp != found.databaseUp()) {
            databaseWasUp = found.databaseUp();
            if (found.databaseUp()) {
                LOG.info("readiness: the database answers again");
            } else {
                LOG.warning("readiness DOWN: " + found.database()
                        + (unreachableBecause == null ? "" : " (" + unreachableBecause + ")"));
            }
        }
        return found;
    }

    private ProbeResult probe() {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement alive = connection.prepareStatement("SELECT 1")) {
                    return alive.execute();
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "readiness: cannot reach the database", e);
            unreachableBecause = e.getMessage();
            return ProbeResult.unreachable(Instant.now(), "cannot reach the database");
        }
        String migrationProblem = null;
        try {
            migrationProblem = schema.migrationProblem().orElse(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "readiness: cannot read the migration histories", e);
            migrationProblem = "cannot read the migration histories";
        }
        String batchProblem = null;
        try {
            refreshJobs.checkBatchRuntime();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "readiness: the batch runtime cannot read its repository", e);
            batchProblem = "the batch runtime cannot read its job repository";
        }
        try {
            return ProbeResult.of(Instant.now(), migrationProblem, batchProblem, catalog.freshnessForProbes());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "readiness: cannot read the reports' freshness", e);
            return new ProbeResult(Instant.now(), null, migrationProblem, batchProblem,
                    "cannot read the reports' freshness", List.of(), List.of());
        }
    }
}
