/**
 * The refresh log, {@code app.refresh_log}: the only code that writes or reads it ({@code RefreshLog}, checked by an
 * architecture rule), with one order for "the last successful refresh". It records refreshes; it does not run them.
 */
package org.mvreports.history.control;
