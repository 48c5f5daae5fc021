package org.mvreports.api;

import java.util.List;

/**
 * The body of every error answer.
 *
 * @param error   what went wrong, for a person
 * @param details the offending values (e.g. unknown view names), empty when there are none
 */
public record ApiError(String error, List<String> details) {

    static ApiError of(String error) {
        return new ApiError(error, List.of());
    }
}
