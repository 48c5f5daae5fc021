package org.mvreports.definition.entity;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.refusal.RequestRefusedException;

/**
 * A request named reports that do not exist: no materialized view of that name in the report schema. Nothing was
 * read, started or changed. {@link #details()} lists the names, sorted.
 */
public class UnknownReportException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public UnknownReportException(String name) {
        this(List.of(name));
    }

    public UnknownReportException(Collection<String> names) {
        super(Reason.NOT_FOUND, message(names), List.copyOf(new TreeSet<>(names)));
    }

    private static String message(Collection<String> names) {
        List<String> sorted = new TreeSet<>(names).stream().map(InvalidRequestException::excerpt).toList();
        return sorted.size() == 1 ? "no report named " + sorted.get(0)
                : "no reports named " + String.join(", ", sorted);
    }
}
