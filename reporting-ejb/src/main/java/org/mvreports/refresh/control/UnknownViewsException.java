package org.mvreports.refresh.control;

import jakarta.ejb.ApplicationException;
import java.util.Set;

/**
 * A refresh named views that are not in the report schema; nothing was refreshed. An application exception, so it
 * reaches callers of the EJBs as itself (the API turns it into 400 listing the names).
 */
@ApplicationException
public class UnknownViewsException extends IllegalArgumentException {

    private final Set<String> views;

    public UnknownViewsException(Set<String> views) {
        super("no such report view(s): " + String.join(", ", views));
        this.views = Set.copyOf(views);
    }

    /** The names that do not exist. */
    public Set<String> views() {
        return views;
    }
}
