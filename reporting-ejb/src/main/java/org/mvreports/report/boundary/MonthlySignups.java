package org.mvreports.report.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mvreports.refresh.control.LastSuccessfulRefreshes;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.report.entity.MonthlySignup;
import org.mvreports.security.Roles;

/** The seed report "signups per month", read through its typed entity, with the time its data is from. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS) // reads only
public class MonthlySignups {

    /** The report's view name, for links and freshness. */
    public static final String VIEW = "monthly_signups";

    @PersistenceContext(unitName = "reporting")
    EntityManager em;

    @Inject
    LastSuccessfulRefreshes lastRefreshes;

    /** Every month with its signups, oldest first. */
    @RolesAllowed(Roles.REPORT_VIEWER)
    public List<MonthlySignup> byMonth() {
        return em.createNamedQuery(MonthlySignup.ALL_BY_MONTH, MonthlySignup.class).getResultList();
    }

    /** When the rows were computed: the end of the last successful refresh, empty if never refreshed. */
    @RolesAllowed(Roles.REPORT_VIEWER)
    public Optional<Instant> dataAsOf() {
        return lastRefreshes.of(PostgresCatalog.REPORT_SCHEMA, VIEW)
                .map(LastSuccessfulRefreshes.LastRefresh::finishedAt);
    }
}
