package org.mvreports.refusal;

import java.util.List;

/**
 * A request that cannot be read as asked: an unknown column or operator, a value that does not read as its type, a
 * page or interval out of range, a blank name. The message says what, with at most a short excerpt of what was sent.
 */
public class InvalidRequestException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        this(message, List.of());
    }

    /** @param allowed what would have been accepted instead, e.g. the report's column names */
    public InvalidRequestException(String message, List<String> allowed) {
        super(Reason.INVALID, message, allowed);
    }

    /** At most the start of a text a caller sent, for a message. */
    public static String excerpt(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
