package org.mvreports.web;

import java.util.List;
import org.mvreports.refusal.InvalidRequestException;

/**
 * Query parameters read from text by the API itself, so that {@code page=abc} is a 400 naming the parameter rather
 * than the 404 JAX-RS answers for a parameter it cannot convert.
 */
public final class ApiParameters {

    private ApiParameters() {
    }

    /** A whole number of up to 9 digits; null when the parameter is absent or blank. */
    public static Integer wholeNumber(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("-?\\d{1,9}")) {
            throw new InvalidRequestException(parameter + " must be a whole number, was '"
                    + excerpt(value.replaceAll("\\p{Cntrl}", "?")) + "'",
                    List.of());
        }
        return Integer.valueOf(value);
    }

    /**
     * An id in the address: a positive whole number of up to 18 digits. Anything else is a 400 naming the parameter
     * (JAX-RS would answer 404 for an id it cannot convert, as if the thing did not exist).
     */
    public static long id(String parameter, String value) {
        if (value == null || !value.matches("[1-9]\\d{0,17}")) {
            throw new InvalidRequestException(parameter + " must be a positive whole number, was '"
                    + excerpt(value == null ? "" : value.replaceAll("\\p{Cntrl}", "?")) + "'", List.of());
        }
        return Long.parseLong(value);
    }

    /** What was sent, cut to 20 characters, to quote in an error. */
    public static String excerpt(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }
}
