package org.mvreports.refresh.job.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request named reports that do not exist (no materialized view of that name in the report schema); nothing was
 * started or changed. An application exception of this module, so callers of its EJBs get it as itself (the API
 * turns it into a 400 listing the names, or a 404 for a single report in the path).
 */
@ApplicationException
public class UnknownReportsException extends RuntimeException {

    private final Set<String> names;

    public UnknownReportsException(Set<String> names) {
        super("no such report(s): " + String.join(", ", new TreeSet<>(names)));
        this.names = Set.copyOf(names);
    }

    /** The names that do not exist. */
    public Set<String> names() {
        return names;
    }
}
