package org.mvreports.audit.entity;

/**
 * The records auditors review, each browsed like a report: the refresh history (every refresh attempt), the export
 * record (every export) and the admin-action record (what refresh administrators did).
 */
public enum AuditRecord {

    /** Every refresh attempt of every report; refresh administrators read it too. */
    REFRESH_HISTORY("started_at"),
    /** Every export of a report or a record; auditors only. */
    EXPORTS("started_at"),
    /** What refresh administrators did; auditors only. */
    ADMIN_ACTIONS("acted_at");

    private final String timeColumn;

    AuditRecord(String timeColumn) {
        this.timeColumn = timeColumn;
    }

    /** The column that says when a row happened: newest first is the record's own order, and time ranges use it. */
    public String timeColumn() {
        return timeColumn;
    }
}
