/**
 * The append-only records auditors read, each with its one reader and writer (checked by an architecture rule): the
 * refresh log, {@code app.refresh_log} ({@code RefreshLog}, with one order for "the last successful refresh"), the
 * export record, {@code app.report_exports} ({@code ExportLog}), and the admin-action record,
 * {@code app.admin_actions} ({@code AdminActions}). They record what happened; they do not make it happen.
 */
package org.mvreports.history.control;
