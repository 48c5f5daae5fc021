/**
 * The refresh administrators' console ({@code admin/}): every report with its state, schedule and last refresh, the
 * schedule edited in place, "refresh now", and the refresh jobs with their progress, live. Every action calls the same
 * EJB operations as the REST API ({@code Schedules}, {@code RefreshJobs}), which record it in the admin-action record.
 */
package org.mvreports.console;
