/** What the schedule refuses: a change made on an out-of-date view of it ({@code ScheduleChangedException}). */
package org.mvreports.schedule.entity;
