/**
 * What reading a report is made of: a request for rows (sort, filters, paging) checked against the report's columns,
 * a page of them, an export, and the refusal when a report cannot be read right now
 * ({@code ReportUnavailableException}). Also typed, read-only JPA entities over report views, for Java code that reads
 * a report directly ({@code MonthlySignup}); a report needs none to be browsed, and Hibernate never writes them.
 */
package org.mvreports.report.entity;
