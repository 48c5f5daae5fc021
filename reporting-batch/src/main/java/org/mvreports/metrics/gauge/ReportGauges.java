package org.mvreports.metrics.gauge;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.database.BoundedRead;
import org.mvreports.database.LocalTransactions;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.refresh.job.control.BatchRepository;
import org.mvreports.settings.ReportingSettings;

/**
 * Registers and answers the shared gauges (names in README, "Operating"). Per-report gauges are registered for the
 * reports a read finds and removed for those it no longer finds, so a report added or dropped by a migration appears
 * or disappears within a scrape or two.
 */
@ApplicationScoped
public class ReportGauges {

    /** How long one read answers the gauges: a scrape reads them all within this. */
    private static final Duration REUSE = Duration.ofSeconds(5);

    /** The longest a scrape waits for the database. */
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ReportGauges.class.getName());

    static final Metadata ROWS = Metadata.builder().withName("mvreports.report.rows")
            .withDescription("Rows of the report after its latest successful refresh").build();
    static final Metadata DATA_AGE = Metadata.builder().withName("mvreports.report.data.age")
            .withDescription("Seconds since the moment the report's data reflects (the start of its latest successful"
                    + " refresh)").withUnit(MetricUnits.SECONDS).build();
    static final Metadata STALE = Metadata.builder().withName("mvreports.report.stale")
            .withDescription("1 while the report's data is older than its agreed interval (also while a job has it),"
                    + " else 0")
            .build();
    static final Metadata FAILED = Metadata.builder().withName("mvreports.report.failed")
            .withDescription("1 while the report's latest refresh failed (it shows its last good data), else 0")
            .build();
    static final Metadata JOBS_RUNNING = Metadata.builder().withName("mvreports.jobs.running")
            .withDescription("Refresh jobs running or queued, on every node").build();

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    MetricRegistry registry;

    @Inject
    ReportCatalog catalog;

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    private BoundedRead<Reading> reads;
    private final Set<String> registered = new HashSet<>();

    /** What one read found. */
    record Reading(Map<String, ReportStatus> reports, long jobsRunning) {
        static final Reading NONE = new Reading(Map.of(), 0);
    }

    @PostConstruct
    void start() {
        reads = new BoundedRead<>(threadFactory, LIMIT, REUSE, this::read);
    }

    /** Registers the gauges, so that the first scrape shows them all ({@link GaugesAtStartup}, once migrated). */
    void register() {
        if (settings.metricsEnabled()) {
            registry.gauge(JOBS_RUNNING, this, gauges -> gauges.reading().jobsRunning());
            reading();
        }
    }

    @PreDestroy
    void stop() {
        reads.close();
    }

    private Reading reading() {
        return reads.current((why, latest) -> {
            LOG.log(Level.FINE, "metrics: cannot read the reports' freshness; showing the latest", why);
            return latest == null ? Reading.NONE : latest.value();
        });
    }

    private Reading read() throws Exception {
        Map<String, ReportStatus> reports = catalog.freshnessForProbes().stream()
                .collect(Collectors.toMap(ReportStatus::name, Function.identity()));
        long running = database.inTransaction(connection -> (long) BatchRepository.runningIds(connection).size());
        registerFor(reports.keySet());
        return new Reading(reports, running);
    }

    /** Adds the gauges of reports seen for the first time and removes those of reports that are gone. */
    private synchronized void registerFor(Set<String> reports) {
        for (String name : reports) {
            if (registered.add(name)) {
                Tag view = new Tag("view", name);
                registry.gauge(ROWS, this, gauges -> gauges.freshness(name, f -> f.rowCount()), view);
                registry.gauge(DATA_AGE, this, gauges -> gauges.freshness(name, f -> f.dataAsOf() == null ? null
                        : Duration.between(f.dataAsOf(), Instant.now()).toMillis() / 1000.0), view);
                registry.gauge(STALE, this, gauges -> gauges.status(name,
                        r -> r.olderThanAgreed(Instant.now()) ? 1 : 0), view);
                registry.gauge(FAILED, this, gauges -> gauges.freshness(name,
                        f -> f.lastError() != null ? 1 : 0), view);
            }
        }
        for (String gone : List.copyOf(registered)) {
            if (!reports.contains(gone)) {
                registered.remove(gone);
                Tag view = new Tag("view", gone);
                for (Metadata gauge : List.of(ROWS, DATA_AGE, STALE, FAILED)) {
                    registry.remove(new MetricID(gauge.getName(), view));
                }
            }
        }
    }

    /** A report's gauge value from the latest read; NaN when the read does not know it (or it has no value). */
    private double freshness(String report, Function<Freshness, Number> value) {
        return status(report, status -> value.apply(status.freshness()));
    }

    private double status(String report, Function<ReportStatus, Number> value) {
        ReportStatus status = reading().reports().get(report);
        Number number = status == null ? null : value.apply(status);
        return number == null ? Double.NaN : number.doubleValue();
    }
}
