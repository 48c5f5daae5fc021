package org.mvreports.report;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.boundary.PreparedExport;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.ExportFormat;
import org.mvreports.report.entity.ReportExport;

/**
 * The exports a request has prepared, a report's or a record's, streamed as the API's answer by the one export path
 * ({@link ReportRows#write}). Each holds its database transaction open until it is written: should the response never
 * be written (the request failed in between), they are closed when the request ends, so that no transaction outlives
 * its request.
 */
@RequestScoped
public class OpenExports {

    @Inject
    ReportRows reportRows;

    private final List<PreparedExport> held = new ArrayList<>();

    /** The answer that streams {@code prepared}: the file, named after what it holds, never kept by a cache. */
    public Response stream(PreparedExport prepared) {
        held.add(prepared);
        ReportExport export = prepared.export();
        StreamingOutput body = out -> reportRows.write(prepared, out);
        return Response.ok(body, export.format().mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    /** The {@code format} parameter: {@code csv} or {@code xlsx}. */
    public static ExportFormat format(String format) {
        List<String> allowed = Arrays.stream(ExportFormat.values()).map(ExportFormat::extension).toList();
        if (format == null || !allowed.contains(format.toLowerCase(Locale.ROOT))) {
            throw new InvalidRequestException("format must be one of " + allowed, allowed);
        }
        return ExportFormat.valueOf(format.toUpperCase(Locale.ROOT));
    }

    @PreDestroy
    void closeUnwritten() {
        held.forEach(PreparedExport::close);
    }
}
