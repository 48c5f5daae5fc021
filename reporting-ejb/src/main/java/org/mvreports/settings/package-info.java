/**
 * The deployment's settings ({@code REPORTING_*} environment variables and their system-property twins), read and
 * checked in one place ({@code ReportingSettings}).
 */
package org.mvreports.settings;
