package org.mvreports.metrics.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.refresh.entity.JobEnded;
import org.mvreports.report.entity.ExportWritten;
import org.mvreports.report.entity.PageRead;
import org.mvreports.settings.ReportingSettings;

/**
 * The application's counters and histograms (names and tags in README, "Operating"), recorded from the events the
 * features announce (a view refreshed, a job ended, an export written, a page read): the features know nothing of
 * metrics. Every observer is cheap (a map lookup and an addition). With {@code REPORTING_METRICS=false} it records
 * nothing.
 *
 * <p>Durations are histograms of whole milliseconds with the unit in their names and none in their metadata: Payara
 * 6.2025.9 exports a timer's quantiles in nanoseconds beside a sum in seconds, and a histogram with a unit converts
 * its mean and max but not its quantiles and sum; without a unit every figure is the one recorded.
 */
@ApplicationScoped
public class ReportingMetrics {

    static final Metadata REFRESH_DURATION = Metadata.builder().withName("mvreports.refresh.duration.milliseconds")
            .withDescription("How long a view's refresh took, from its start to its commit (refreshes that ran,"
                    + " whether they succeeded or failed; skipped ones are not timed)").build();
    static final Metadata REFRESHES = Metadata.builder().withName("mvreports.refreshes")
            .withDescription("Refresh attempts by view and outcome (SUCCEEDED, FAILED, SKIPPED_UNCHANGED, SKIPPED_BUSY,"
                    + " SKIPPED_UPSTREAM_FAILED)").build();
    static final Metadata JOB_DURATION = Metadata.builder().withName("mvreports.job.duration.milliseconds")
            .withDescription("How long refresh jobs ran on this node, by how they ended").build();
    static final Metadata EXPORTS = Metadata.builder().withName("mvreports.exports")
            .withDescription("Exports by format (CSV, XLSX) and outcome (COMPLETED, CANCELLED, FAILED)").build();
    static final Metadata EXPORT_ROWS = Metadata.builder().withName("mvreports.export.rows")
            .withDescription("Rows written by exports, by format").build();
    static final Metadata EXPORT_BYTES = Metadata.builder().withName("mvreports.export.written")
            .withDescription("Bytes written by exports, by format").withUnit(MetricUnits.BYTES).build();
    static final Metadata READ_DURATION = Metadata.builder().withName("mvreports.report.read.duration.milliseconds")
            .withDescription("How long reading a page of a report's rows took (API and pages)").build();

    @Inject
    MetricRegistry registry;

    @Inject
    ReportingSettings settings;

    private boolean enabled;

    @PostConstruct
    void readSetting() {
        enabled = settings.metricsEnabled();
    }

    /** Counts (and times, if it ran) one view's refresh attempt, as the refresh announces it once logged. */
    void refreshed(@Observes RefreshResult result) {
        if (!enabled) {
            return;
        }
        Tag view = new Tag("view", result.viewName());
        registry.counter(REFRESHES, view, new Tag("outcome", result.outcome().name())).inc();
        boolean ran = result.outcome() == RefreshOutcome.SUCCEEDED || result.outcome() == RefreshOutcome.FAILED;
        if (ran && result.startedAt() != null && result.finishedAt() != null) {
            registry.histogram(REFRESH_DURATION, view).update(Duration.between(result.startedAt(), result.finishedAt())
                    .toMillis());
        }
    }

    /** Times a refresh job's run on this node, by how it ended. */
    void jobEnded(@Observes JobEnded job) {
        if (enabled) {
            registry.histogram(JOB_DURATION, new Tag("status", job.batchStatus())).update(job.took().toMillis());
        }
    }

    /** Counts an export, its rows and its bytes, by format. */
    void exported(@Observes ExportWritten export) {
        if (!enabled) {
            return;
        }
        Tag format = new Tag("format", export.format().name());
        registry.counter(EXPORTS, format, new Tag("outcome", export.outcome())).inc();
        if (export.rows() != null) {
            registry.counter(EXPORT_ROWS, format).inc(export.rows());
        }
        registry.counter(EXPORT_BYTES, format).inc(export.bytes());
    }

    /** Times a page read. */
    void read(@Observes PageRead read) {
        if (enabled) {
            registry.histogram(READ_DURATION).update(read.took().toMillis());
        }
    }
}
