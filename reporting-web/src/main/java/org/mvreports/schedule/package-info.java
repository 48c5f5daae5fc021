/** Schedules over REST ({@code /api/schedules}): intervals and switches, for refresh administrators. */
package org.mvreports.schedule;
