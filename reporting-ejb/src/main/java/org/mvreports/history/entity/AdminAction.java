package org.mvreports.history.entity;

/**
 * What a refresh administrator did, as auditors read it.
 *
 * @param actedBy     the signed-in administrator
 * @param kind        what was done
 * @param view        the report it was about, or null
 * @param executionId the job execution it was about, or null
 * @param oldValue    the value before (an interval as ISO-8601, a switch as on/off), or null
 * @param newValue    the value after, or what was asked (a job's request, the execution a restart started)
 */
public record AdminAction(String actedBy, Kind kind, String view, Long executionId, String oldValue,
                          String newValue) {

    /** The kinds of action, as the record stores them. */
    public enum Kind {
        /** A report's agreed refresh interval changed (or went back to its file's). */
        SET_INTERVAL,
        /** A report's schedule switched on or off. */
        SET_SCHEDULE,
        /** Scheduling switched on or off for every report. */
        SET_SCHEDULER,
        START_JOB,
        STOP_JOB,
        RESTART_JOB,
        ABANDON_JOB,
        /** An alert webhook added (new value: its id, receiver and events). */
        ADD_WEBHOOK,
        /** An alert webhook removed (old value: what it was). */
        REMOVE_WEBHOOK
    }

    /** A switch's value as the record writes it. */
    public static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
