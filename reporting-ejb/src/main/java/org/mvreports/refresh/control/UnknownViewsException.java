package org.mvreports.refresh.control;

import java.util.Set;

/** A refresh named views that are not in the report schema; nothing was refreshed. */
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
