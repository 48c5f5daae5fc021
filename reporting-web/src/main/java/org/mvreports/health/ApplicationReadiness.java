package org.mvreports.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of what the application cannot work without: the database, the schema it started on and the batch
 * runtime. Three checks of one probe ({@link ReadinessProbe}), so that an operator sees which one is DOWN.
 */
public final class ApplicationReadiness {

    private ApplicationReadiness() {
    }

    static HealthCheckResponse answer(String name, String problem) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(problem == null);
        return problem == null ? response.build() : response.withData("problem", problem).build();
    }

    /** The database answers a query within {@link ReadinessProbe#LIMIT}. */
    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {
        @Inject
        ReadinessProbe probe;

        @Override
        public HealthCheckResponse call() {
            return answer("mv-reports.database", probe.current().database());
        }
    }

    /** The migrations the application started on are still applied, and none has failed since. */
    @Readiness
    @ApplicationScoped
    public static class Migrations implements HealthCheck {
        @Inject
        ReadinessProbe probe;

        @Override
        public HealthCheckResponse call() {
            return answer("mv-reports.migrations", probe.current().migrations());
        }
    }

    /** The batch runtime reads its job repository: refresh jobs can start. */
    @Readiness
    @ApplicationScoped
    public static class Batch implements HealthCheck {
        @Inject
        ReadinessProbe probe;

        @Override
        public HealthCheckResponse call() {
            return answer("mv-reports.batch", probe.current().batch());
        }
    }
}
