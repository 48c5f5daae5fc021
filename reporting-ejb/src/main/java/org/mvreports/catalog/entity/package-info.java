/**
 * A report as the catalog describes it: the materialized view ({@code MaterializedView}) and what its SQL file says
 * about it ({@code ReportMetadata}, the comment convention). Values only.
 */
package org.mvreports.catalog.entity;
