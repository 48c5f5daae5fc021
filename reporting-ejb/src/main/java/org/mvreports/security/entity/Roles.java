package org.mvreports.security.entity;

/**
 * The three roles: business users, refresh administrators and auditors. One person may hold several. These are the names used in
 * {@code @RolesAllowed}, in {@code app.account_roles} and in the pages' {@code isUserInRole} checks.
 */
public final class Roles {

    /** Browses, sorts, filters and exports reports. */
    public static final String REPORT_VIEWER = "report-viewer";

    /** Starts, stops and restarts refreshes; changes refresh intervals and schedules. */
    public static final String REFRESH_ADMIN = "refresh-admin";

    /** Reads and exports the refresh history; changes nothing. */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
