/**
 * The application's MicroProfile Health checks, served by the server at {@code /health}, {@code /health/ready} and
 * {@code /health/live}, outside the application's security (probes have no credentials): so they name reports and
 * nothing else of them, and never show a database's message.
 *
 * <p>Readiness: the database answers within two seconds, the migrations the application started on are still
 * there, the batch runtime reads its repository, and the check "reports" names every stale report and every report
 * whose last refresh failed (UP unless {@code REPORTING_HEALTH_STALE_IS_DOWN=true}). The four checks of one request
 * share one probe ({@link ReadinessProbe}), which runs a fixed number of queries however many reports there are.
 * Liveness: no deadlocked threads, the one thing a restart cures.
 */
package org.mvreports.health;
