/**
 * What auditors review ({@code AuditRecord}: the refresh history, the export record, the admin-action record), as
 * values.
 */
package org.mvreports.audit.entity;
