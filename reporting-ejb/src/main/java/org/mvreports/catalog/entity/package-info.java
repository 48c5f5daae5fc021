/**
 * A report as the catalog describes it: the materialized view ({@code MaterializedView}) and what its SQL file says
 * about it ({@code ReportMetadata}, the comment convention), and the refusal of a request that names a report that
 * does not exist ({@code UnknownReportException}). Values only.
 */
package org.mvreports.catalog.entity;
