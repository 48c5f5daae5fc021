package org.mvreports.report.entity;

import java.time.Duration;

/**
 * A page of a report's or a record's rows was read: announced as a CDI event, for whoever observes reads (the
 * metrics).
 *
 * @param took from the request's check to the page in hand, counts and totals included
 */
public record PageRead(Duration took) {
}
