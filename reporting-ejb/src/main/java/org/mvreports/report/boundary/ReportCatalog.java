package org.mvreports.report.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.mvreports.refresh.control.LastSuccessfulRefreshes;
import org.mvreports.refresh.control.LastSuccessfulRefreshes.LastRefresh;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.report.entity.ReportSummary;
import org.mvreports.security.Roles;

/**
 * The report catalog as business users see it: every materialized view in the report schema, discovered from
 * PostgreSQL on each call, with what its SQL file says about it and how fresh it is.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS) // reads only
public class ReportCatalog {

    @Inject
    PostgresCatalog catalog;

    @Inject
    LastSuccessfulRefreshes lastRefreshes;

    @RolesAllowed(Roles.REPORT_VIEWER)
    public List<ReportSummary> reports() {
        Map<String, LastRefresh> last = lastRefreshes.inSchema(PostgresCatalog.REPORT_SCHEMA);
        return catalog.materializedViews().stream()
                .map(view -> {
                    LastRefresh refresh = last.get(view.name());
                    return new ReportSummary(view.name(), view.metadata(), view.populated(),
                            view.concurrentCapable(),
                            refresh == null ? null : refresh.finishedAt(),
                            refresh == null ? null : refresh.rowCount());
                })
                .toList();
    }
}
