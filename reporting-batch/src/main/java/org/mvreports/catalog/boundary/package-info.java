/**
 * The report catalog for the pages and the API ({@code ReportCatalog}): every report, what its SQL file says of it,
 * the problems of that file, and its freshness; readable by all three roles (it shows no report rows). Its control
 * and entities (discovering reports in PostgreSQL, reading their comments) are the business module's; it sits here
 * because freshness needs the running jobs and the schedule, which are this module's.
 */
package org.mvreports.catalog.boundary;
