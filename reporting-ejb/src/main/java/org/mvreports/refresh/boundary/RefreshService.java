package org.mvreports.refresh.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.security.Roles;
import org.mvreports.settings.ReportingSettings;

/**
 * Refreshing reports on a person's request: the admin console and the API call this; the scheduler and the batch
 * job call the same engine ({@link ViewRefresher}) with their own trigger. Runs synchronously; long runs belong
 * in the batch job.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each view commits in its own transaction
public class RefreshService {

    @Inject
    ViewRefresher refresher;

    @Inject
    ReportingSettings settings;

    @Resource
    SessionContext session;

    /**
     * Refreshes report views in dependency order.
     *
     * @param views             view names in the report schema; empty for all
     * @param includeDependents also refresh every view downstream of the named ones
     * @param force             refresh views whose sources have not changed too
     * @return a result per view, in the order handled
     * @throws org.mvreports.refresh.control.UnknownViewsException naming views that do not exist
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public List<RefreshResult> refresh(Set<String> views, boolean includeDependents, boolean force) {
        return refresher.refresh(new RefreshRequest(PostgresCatalog.REPORT_SCHEMA, views, includeDependents, force,
                RefreshTrigger.user(session.getCallerPrincipal().getName()), null,
                settings.refreshStatementTimeout(), settings.refreshLockTimeout()));
    }
}
