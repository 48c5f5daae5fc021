package org.mvreports.refusal;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A request the application refuses, for a reason the caller can act on; nothing was changed. Its message is for
 * people (it quotes at most a short excerpt of what was sent) and {@link #details()} lists what would have been
 * accepted, or the names at fault. Every subclass is an application exception too (inherited), so the EJB container
 * hands it to the caller as it is, neither wrapped nor logged as a system failure.
 */
@ApplicationException
public abstract class RequestRefusedException extends RuntimeException {

    /** Why a request is refused: what the caller should do about it. */
    public enum Reason {
        /** The request cannot be read as asked: change it. */
        INVALID,
        /** Something it names does not exist. */
        NOT_FOUND,
        /** What it asks does not fit the current state of what it names. */
        CONFLICT,
        /** It cannot be answered right now: ask again shortly. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final List<String> details;

    protected RequestRefusedException(Reason reason, String message, List<String> details) {
        super(message);
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    /** What would have been accepted in place of the offending part, or the names at fault; may be empty. */
    public List<String> details() {
        return details;
    }
}
