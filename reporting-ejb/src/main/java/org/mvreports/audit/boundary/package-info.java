/**
 * The records auditors review, read and exported by the report browser's one path (its query builder, paging,
 * filters and streamed exports): the refresh history for refresh administrators and auditors, the export record and
 * the admin-action record for auditors only ({@code AuditRecords}).
 */
package org.mvreports.audit.boundary;
