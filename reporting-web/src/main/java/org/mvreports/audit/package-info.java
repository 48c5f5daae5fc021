/**
 * What auditors (and, for the refresh history, refresh administrators) see of the records: the history pages
 * ({@code history/}) and their API ({@code /api/refresh-log}, {@code /api/exports}, {@code /api/admin-actions}),
 * on the report browser's table, filter bar and exports.
 */
package org.mvreports.audit;
