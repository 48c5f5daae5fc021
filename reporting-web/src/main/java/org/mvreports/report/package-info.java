/**
 * What business users see of reports: the catalog page (every role), report pages under {@code reports/} (report
 * viewers; the folder is guarded in web.xml) and {@code /api/reports}.
 */
package org.mvreports.report;
