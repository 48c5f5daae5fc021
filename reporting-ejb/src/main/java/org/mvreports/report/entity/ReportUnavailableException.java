package org.mvreports.report.entity;

import java.util.List;
import org.mvreports.refusal.RequestRefusedException;

/**
 * A report's rows cannot be read right now: a plain refresh holds it (it has no unique key, so its refresh locks it)
 * and a reader gave up waiting rather than hang, reading took longer than a read may, or it was never refreshed and
 * there is nothing to export yet. Ask again later.
 */
public class ReportUnavailableException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public ReportUnavailableException(String message) {
        super(Reason.UNAVAILABLE, message, List.of());
    }
}
