/**
 * Where the records auditors review are read from: the plain views over them ({@code RecordViews}), described by the
 * catalog like any report.
 */
package org.mvreports.audit.control;
