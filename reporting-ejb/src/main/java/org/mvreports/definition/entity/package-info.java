/**
 * What each report is: its materialized view as PostgreSQL's catalog describes it ({@code MaterializedView}: columns
 * and their kinds, unique key, what it reads), or a record auditors browse ({@code RecordView}), both read by the
 * report browser as a {@code BrowsableRelation} and what its SQL file says of it ({@code ReportMetadata}, the comment
 * convention, read once; {@code DefinitionProblem} for a line that cannot be used); the one reader of refresh
 * intervals; and the refusal of a request that names a report that does not exist ({@code UnknownReportException}).
 * Values only.
 */
package org.mvreports.definition.entity;
