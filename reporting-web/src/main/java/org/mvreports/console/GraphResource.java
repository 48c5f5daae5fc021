package org.mvreports.console;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportReads;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.security.entity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mvreports.web.ApiDocs;


/**
 * {@code GET /api/graph}: the dependency graph the console draws (refresh-admin): every report and every relation a
 * report reads that is not itself a report (its sources), an edge from what is read to what reads it, each node laid
 * out ({@link GraphLayout}) and, for reports, their state as the badge says it. The console's report table is the list
 * view of the same facts.
 */
@Path("graph")
@Tag(name = ApiDocs.CONSOLE, description = "What the console draws (refresh-admin)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
public class GraphResource {

    /** Characters are about this wide in the graph's labels; a node is as wide as its label. */
    private static final double CHARACTER_WIDTH = 7.2;

    /**
     * A node.
     *
     * @param id         the relation's {@code schema.name}
     * @param name       a report's view name, or a source's {@code schema.name}
     * @param label      what the node says: a report's title, a source's name
     * @param kind       {@code report} or {@code source}
     * @param badge      a report's state in a word, as its badge says it (null for a source)
     * @param severity   the badge's colour: success, warning, danger, info, secondary (null for a source)
     * @param refreshing whether a refresh of the report runs now
     */
    public record Node(String id, String name, String label, String kind, String badge, String severity,
                       boolean refreshing, Double x, Double y, double width, double height) {

        /** A node where the layout put it; without a place (no layout), the page lays the graph out itself. */
        static Node at(GraphLayout.Box box, String id, String name, String label, String kind, String badge,
                       String severity, boolean refreshing, double width) {
            return new Node(id, name, label, kind, badge, severity, refreshing, box == null ? null : box.x(),
                    box == null ? null : box.y(), width, GraphLayout.HEIGHT);
        }
    }

    /** From what is read to the report reading it. */
    public record Edge(String source, String target) {
    }

    /** @param refreshing whether any report is being refreshed now (the page then looks again sooner) */
    public record Graph(boolean refreshing, List<Node> nodes, List<Edge> edges) {
    }

    @Inject
    ReportCatalog catalog;

    @Inject
    GraphLayout layout;

    @GET
    @Operation(summary = "The dependency graph", description = "Every report and every table it reads, with"
            + " positions laid out in refresh order and each report's state, as the console draws it.")
    @APIResponse(responseCode = "200", description = "The graph", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Graph.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Graph graph() {
        List<ReportReads> reads = catalog.dependencies();
        Map<String, ReportStatus> statuses = catalog.reports().stream()
                .collect(Collectors.toMap(ReportStatus::name, Function.identity()));
        Set<String> reportKeys = reads.stream().map(ReportReads::key).collect(Collectors.toSet());
        Set<String> sources = new TreeSet<>();
        List<Edge> edges = new ArrayList<>();
        for (ReportReads report : reads) {
            for (String read : report.reads()) {
                if (!reportKeys.contains(read)) {
                    sources.add(read);
                }
                edges.add(new Edge(read, report.key()));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        sources.forEach(source -> labels.put(source, source));
        reads.forEach(report -> labels.put(report.key(), statuses.containsKey(report.name())
                ? statuses.get(report.name()).title() : report.name()));
        Map<String, Double> widths = new LinkedHashMap<>();
        labels.forEach((id, label) -> widths.put(id, Math.max(90, label.length() * CHARACTER_WIDTH + 24)));
        Map<String, GraphLayout.Box> boxes = layout.layout(widths,
                edges.stream().map(e -> new String[] {e.source(), e.target()}).toList());

        List<Node> nodes = new ArrayList<>();
        for (String source : sources) {
            nodes.add(Node.at(boxes.get(source), source, source, source, "source", null, null, false,
                    widths.get(source)));
        }
        boolean anyRefreshing = false;
        for (ReportReads report : reads) {
            ReportStatus status = statuses.get(report.name());
            boolean refreshing = status != null && status.freshness().refreshing();
            anyRefreshing |= refreshing;
            nodes.add(Node.at(boxes.get(report.key()), report.key(), report.name(), labels.get(report.key()),
                    "report", status == null ? null : FreshnessText.badge(status.freshness()),
                    status == null ? null : FreshnessText.severity(status.freshness()), refreshing,
                    widths.get(report.key())));
        }
        return new Graph(anyRefreshing, nodes, edges);
    }
}
