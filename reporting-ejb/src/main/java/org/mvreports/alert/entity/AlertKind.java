package org.mvreports.alert.entity;

/** What an alert is about; a webhook names the kinds it wants. */
public enum AlertKind {
    /** A report's refresh failed, after it had been refreshing fine (once per failure, not per failed attempt). */
    VIEW_FAILED,
    /** A refresh job ended FAILED. */
    JOB_FAILED,
    /** A report turned older than its agreed interval; more than ten at once are one event naming them all. */
    REPORT_STALE,
    /** A report that had failed, or was stale, is fine again. */
    REPORT_RECOVERED,
    /** A verification of the records' hash chains found them broken. */
    VERIFICATION_FAILED
}
