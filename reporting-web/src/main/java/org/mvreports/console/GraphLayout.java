package org.mvreports.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Where each node of the dependency graph goes: Eclipse ELK's layered algorithm, left to right (what is read left of
 * what reads it), so the picture reads in refresh order. A layout is kept while the graph's shape stays the same:
 * states change every few seconds, shapes only when a report is added, dropped or redefined.
 */
@ApplicationScoped
public class GraphLayout {

    /** A node's place: its top-left corner and size, in pixels. */
    public record Box(double x, double y, double width, double height) {
    }

    static {
        // Outside OSGi, ELK knows an algorithm once its metadata is registered.
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private static final Logger LOG = Logger.getLogger(GraphLayout.class.getName());

    private Map<String, Box> laidOut = Map.of();
    private String laidOutShape = "";

    /**
     * @param widths each node's width, by id (all are {@link #HEIGHT} high)
     * @param edges  each edge as {source id, target id}
     */
    public synchronized Map<String, Box> layout(Map<String, Double> widths, List<String[]> edges) {
        String shape = new TreeMap<>(widths) + edges.stream().map(e -> e[0] + ">" + e[1]).sorted().toList()
                .toString();
        if (!shape.equals(laidOutShape)) {
            try {
                laidOut = compute(widths, edges);
            } catch (RuntimeException e) {
                // The page then lays the graph out itself (Cytoscape's breadthfirst): a plainer picture, not none.
                LOG.log(Level.WARNING, "the dependency graph could not be laid out by ELK: " + e.getMessage(), e);
                laidOut = Map.of();
            }
            laidOutShape = shape;
        }
        return laidOut;
    }

    /** Every node's height. */
    public static final double HEIGHT = 36;

    private static Map<String, Box> compute(Map<String, Double> widths, List<String[]> edges) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 70.0);
        Map<String, ElkNode> nodes = new HashMap<>();
        widths.forEach((id, width) -> {
            ElkNode node = ElkGraphUtil.createNode(root);
            node.setIdentifier(id);
            node.setDimensions(width, HEIGHT);
            nodes.put(id, node);
        });
        for (String[] edge : edges) {
            ElkNode source = nodes.get(edge[0]);
            ElkNode target = nodes.get(edge[1]);
            if (source != null && target != null && source != target) {
                ElkGraphUtil.createSimpleEdge(source, target);
            }
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        Map<String, Box> boxes = new HashMap<>();
        for (ElkNode node : root.getChildren()) {
            boxes.put(node.getIdentifier(), new Box(node.getX(), node.getY(), node.getWidth(), node.getHeight()));
        }
        return Map.copyOf(boxes);
    }
}
