/**
 * The schedule's faces: administrators' changes to intervals and switches ({@code Schedules}), the minute timer
 * ({@code ScheduledRefresh}) and the start-up refresh of reports never refreshed ({@code StartupRefresh}). The
 * decisions themselves are the control layer's.
 */
package org.mvreports.schedule.boundary;
