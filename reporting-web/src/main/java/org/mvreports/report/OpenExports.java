package org.mvreports.report;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.List;
import org.mvreports.report.boundary.PreparedExport;

/**
 * The exports a request has prepared, each holding its database transaction open until it is written: should the
 * response never be written (the request failed in between), they are closed when the request ends, so that no
 * transaction outlives its request.
 */
@RequestScoped
public class OpenExports {

    private final List<PreparedExport> held = new ArrayList<>();

    /** Keeps {@code export} to be closed at the end of the request; returns it. */
    PreparedExport hold(PreparedExport export) {
        held.add(export);
        return export;
    }

    @PreDestroy
    void closeUnwritten() {
        held.forEach(PreparedExport::close);
    }
}
