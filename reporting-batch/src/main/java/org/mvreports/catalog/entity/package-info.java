/**
 * The report catalog as its readers see it: one entry per report ({@code ReportStatus}: what its SQL file says, its
 * freshness, the problems of its file) and one report's details ({@code ReportDetails}). Values only.
 */
package org.mvreports.catalog.entity;
