/**
 * When reports are due: the facts the schedule decides from ({@code ScheduledReports}), the pure rule
 * ({@code DueReports}), and the decision with its claims under one lock so several nodes start a due report once
 * ({@code Scheduler}). It starts jobs; it never refreshes a view itself.
 */
package org.mvreports.schedule.control;
