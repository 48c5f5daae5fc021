package org.mvreports.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.mvreports.settings.ReportingSettings;

/**
 * The check "mv-reports.reports": names every stale report and every report whose latest refresh failed, as the
 * catalog's badges say. UP whatever it names unless {@code REPORTING_HEALTH_STALE_IS_DOWN=true}: staleness is the
 * same on every node (one database), so DOWN would take every node out of a load balancer at once, and the readers
 * would lose the last good data along with the fresh. Alerting on it is the metrics' and the alerts' job.
 */
@Readiness
@ApplicationScoped
public class ReportsReadiness implements HealthCheck {

    @Inject
    ReadinessProbe probe;

    @Inject
    ReportingSettings settings;

    @Override
    public HealthCheckResponse call() {
        ProbeResult found = probe.current();
        if (found.reports() != null) {
            return ApplicationReadiness.answer("mv-reports.reports", found.reports());
        }
        return answer(found, settings.healthStaleIsDown());
    }

    /** The answer for what a probe found; {@code staleIsDown}: whether stale or failed reports make it DOWN. */
    static HealthCheckResponse answer(ProbeResult found, boolean staleIsDown) {
        boolean problems = !found.stale().isEmpty() || !found.failed().isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mv-reports.reports")
                .status(!(staleIsDown && problems))
                .withData("stale", String.join(", ", found.stale()))
                .withData("failed", String.join(", ", found.failed()));
        return response.build();
    }
}
