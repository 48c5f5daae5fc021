package org.mvreports.catalog;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.freshness.entity.FreshnessState;

/**
 * What the catalog page shows of the reports, as its address asks: {@code index.xhtml?q=sales&attention=1
 * &collapsed=Finance}. The search finds words in a report's title, name or description (every word, in any order,
 * ignoring case); "needs attention" keeps the reports that are stale, whose last refresh failed, or that have no data
 * yet; reports are grouped in the sections their files name, by name, with the reports that name none last under
 * {@value #OTHER}; a section the address names as collapsed is shown closed. Pure, so every rule is unit-tested.
 *
 * @param query         the search as typed (trimmed), empty for none
 * @param attentionOnly whether only the reports that need attention are shown
 * @param collapsed     the sections shown closed
 */
public record CatalogView(String query, boolean attentionOnly, Set<String> collapsed) implements Serializable {

    /** The heading of the reports whose files name no section. */
    public static final String OTHER = "Other";

    /** The longest search that is read; the rest is left out (it is a search box, not a document). */
    static final int MAX_QUERY = 200;

    public CatalogView {
        query = query == null ? "" : query.trim();
        query = query.length() > MAX_QUERY ? query.substring(0, MAX_QUERY) : query;
        collapsed = Set.copyOf(collapsed);
    }

    /**
     * A section of the catalog as shown.
     *
     * @param name       its heading
     * @param reports    its reports that the search and filter leave, by title
     * @param attention  how many of them need attention
     * @param open       whether it is shown open
     */
    public record Section(String name, List<ReportStatus> reports, long attention, boolean open)
            implements Serializable {

        /** "12 reports, 2 need attention". */
        public String summary() {
            return reports.size() + (reports.size() == 1 ? " report" : " reports")
                    + (attention == 0 ? "" : ", " + attention + (attention == 1 ? " needs" : " need") + " attention");
        }
    }

    /** Whether a report needs someone to look at it: stale, failed, or without data yet. */
    public static boolean needsAttention(ReportStatus report) {
        FreshnessState state = report.freshness().state();
        return state == FreshnessState.STALE || state == FreshnessState.FAILED
                || state == FreshnessState.NEVER_REFRESHED;
    }

    /** Whether the search finds {@code report}: every word of it is in its title, name or description. */
    public boolean finds(ReportStatus report) {
        if (query.isEmpty()) {
            return true;
        }
        String text = (report.title() + " " + report.name() + " " + report.description()).toLowerCase(Locale.ROOT);
        for (String word : query.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!text.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sections of {@code reports} this view shows: only those with reports left in them. Section names that
     * differ only in case or spacing are one section, headed by the first of their spellings in alphabetical order.
     */
    public List<Section> sections(List<ReportStatus> reports) {
        Map<String, List<ReportStatus>> bySection = new LinkedHashMap<>();
        Map<String, String> headings = new HashMap<>();
        reports.stream()
                .filter(this::finds)
                .filter(r -> !attentionOnly || needsAttention(r))
                .sorted(Comparator.comparing((ReportStatus r) -> r.title().toLowerCase(Locale.ROOT))
                        .thenComparing(ReportStatus::name))
                .forEach(r -> {
                    String heading = r.section() == null ? OTHER : r.section().trim().replaceAll("\\s+", " ");
                    String key = heading.toLowerCase(Locale.ROOT);
                    headings.merge(key, heading, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    bySection.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                });
        String other = OTHER.toLowerCase(Locale.ROOT);
        List<Section> sections = new ArrayList<>();
        bySection.keySet().stream()
                .sorted(Comparator.comparing((String key) -> key.equals(other)).thenComparing(key -> key))
                .forEach(key -> {
                    List<ReportStatus> in = bySection.get(key);
                    String name = headings.get(key);
                    sections.add(new Section(name, List.copyOf(in),
                            in.stream().filter(CatalogView::needsAttention).count(), !collapsed.contains(name)));
                });
        return sections;
    }

    /** The page's address for this view, below the application's context path. */
    public String path() {
        StringBuilder query = new StringBuilder();
        if (!this.query.isEmpty()) {
            query.append("&q=").append(encode(this.query));
        }
        if (attentionOnly) {
            query.append("&attention=1");
        }
        new TreeSet<>(collapsed).forEach(s -> query.append("&collapsed=").append(encode(s)));
        return "/index.xhtml" + (query.isEmpty() ? "" : "?" + query.substring(1));
    }

    /** The same view with all reports: no search, no filter. */
    public CatalogView everything() {
        return new CatalogView("", false, collapsed);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
