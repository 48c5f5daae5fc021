package org.mvreports.schedule.entity;

import java.time.Duration;
import java.util.List;
import org.mvreports.refusal.RequestRefusedException;

/**
 * A change made on an out-of-date view of the schedule: someone changed the report's interval since the caller read
 * it. Nothing was changed; {@link #details()} holds the interval in force now (ISO-8601), to show or to retry with.
 */
public class ScheduleChangedException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public ScheduleChangedException(String view, Duration current) {
        super(Reason.CONFLICT, "the refresh interval of " + view + " was changed meanwhile: it is " + current
                + " now; nothing was changed", List.of(current.toString()));
    }
}
