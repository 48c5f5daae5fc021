package org.mvreports.report;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvreports.catalog.entity.ChartSpec;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.freshness.boundary.ReportFreshness;
import org.mvreports.freshness.entity.ReportDetails;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.ColumnKind;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.ReportUnavailableException;
import org.mvreports.web.ReaderZone;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The one page every report opens in ({@code reports/report.xhtml?name=...}), built from the catalog's columns and
 * types, with no Java per report. Its address holds the sort, filters, page and page size, in the API's own form
 * ({@code sort=col,-col&filter=col:op:value&page=0&size=50}), so a view of a report can be bookmarked and shared:
 * filters change the address (the page reloads), and sorting or paging in the table rewrites it in place.
 *
 * <p>The table is lazy: each page is read on the server ({@link ReportRows}), sorted by the table's (multi-column)
 * sort, the filters being those of the address. Filters are added with the filter bar, which offers what fits each
 * column's type.
 */
@Named
@ViewScoped
public class ReportBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The most rows a chart plots; more are cut, and the chart says so. */
    static final int CHART_ROWS = 1000;

    @Inject
    ReportRows rows;

    @Inject
    ReportFreshness freshness;

    @Inject
    ReaderZone readerZone;

    private String name;
    private ReportDetails details;
    private List<String> sort = new ArrayList<>();
    private List<String> filters = new ArrayList<>();
    private int page;
    private int size = 50;
    private ReportPage current;
    private String problem;
    private boolean busy;
    private boolean showSql;
    private final ReportFilterForm filterForm = new ReportFilterForm();
    private final LazyDataModel<Map<String, Object>> model = new RowsModel();

    @PostConstruct
    void open() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        Map<String, String[]> parameters = external.getRequestParameterValuesMap();
        name = first(parameters, "name");
        details = name == null ? null : freshness.details(name).orElse(null);
        if (details == null) {
            notFound(external);
            return;
        }
        sort = new ArrayList<>(List.of(Optional.ofNullable(first(parameters, "sort")).orElse("").split(",")));
        sort.removeIf(String::isBlank);
        filters = new ArrayList<>(List.of(parameters.getOrDefault("filter", new String[0])));
        page = number(first(parameters, "page"), 0);
        size = number(first(parameters, "size"), 50);
        read();
    }

    private void notFound(ExternalContext external) {
        try {
            external.responseSendError(404, "No report of that name");
            FacesContext.getCurrentInstance().responseComplete();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the page the address asks for; a request that cannot be read shows the report unfiltered instead. */
    private void read() {
        busy = false;
        try {
            current = rows.page(name, sort, filters, page, size).orElse(null);
        } catch (InvalidRequestException e) {
            problem = "This address asks for something the report cannot do, so it is shown unsorted and unfiltered: "
                    + e.getMessage() + (e.details().isEmpty() ? "." : " (possible: " + String.join(", ", e.details())
                    + ").");
            sort.clear();
            filters.clear();
            page = 0;
            size = 50;
            try {
                current = rows.page(name, sort, filters, page, size).orElse(null);
            } catch (ReportUnavailableException busyNow) {
                busy = true;
                current = null;
            }
        } catch (ReportUnavailableException e) {
            busy = true;
            current = null;
        }
    }

    /** The table's data: each page read on the server, in the table's sort. */
    private final class RowsModel extends LazyDataModel<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return current == null ? 0 : (int) Math.min(current.matchingRows(), Integer.MAX_VALUE);
        }

        @Override
        public List<Map<String, Object>> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                              Map<String, FilterMeta> filterBy) {
            List<String> newSort = sortBy.values().stream()
                    .sorted((a, b) -> Integer.compare(a.getPriority(), b.getPriority()))
                    .map(meta -> (meta.getOrder() == SortOrder.DESCENDING ? "-" : "") + meta.getField())
                    .toList();
            int newPage = pageSize == 0 ? 0 : first / pageSize;
            if (!newSort.equals(sort) || newPage != page || pageSize != size) {
                sort = new ArrayList<>(newSort);
                page = newPage;
                size = pageSize;
                read();
                PrimeFaces.current().executeScript("history.replaceState(null, '', '" + getShareableUrl() + "')");
            }
            return current == null ? List.of() : current.rows();
        }

        @Override
        public String getRowKey(Map<String, Object> row) {
            return String.valueOf(row.hashCode());
        }
    }

    /** Adds the filter the filter bar describes; the page reloads at its new address (first page). */
    public void addFilter() throws IOException {
        List<String> added = filterForm.filters(columns(), readerZone.zone());
        if (added.isEmpty()) {
            FacesContext.getCurrentInstance().addMessage("filter-bar", new FacesMessage(FacesMessage.SEVERITY_WARN,
                    "Choose a column, a condition and a value.", null));
            return;
        }
        List<String> next = new ArrayList<>(filters);
        next.addAll(added);
        try {
            rows.page(name, sort, next, 0, 1);
        } catch (InvalidRequestException e) {
            FacesContext.getCurrentInstance().addMessage("filter-bar", new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    e.getMessage(), null));
            return;
        }
        FacesContext.getCurrentInstance().getExternalContext().redirect(url(sort, next, 0, size));
    }

    public String getName() {
        return name;
    }

    public boolean isFound() {
        return details != null;
    }

    public String getTitle() {
        return details == null ? "Report" : details.status().title();
    }

    public String getDescription() {
        return details.status().description();
    }

    public boolean isAvailable() {
        return current != null;
    }

    public boolean isBusy() {
        return busy;
    }

    public String getProblem() {
        return problem;
    }

    public String getBadge() {
        return FreshnessText.badge(details.status().freshness());
    }

    public String getSeverity() {
        return FreshnessText.severity(details.status().freshness());
    }

    public String getSentence() {
        return FreshnessText.sentence(details.status().freshness(), readerZone.zone());
    }

    public LazyDataModel<Map<String, Object>> getModel() {
        return model;
    }

    public List<ReportColumn> columns() {
        return details.columns().stream().map(c -> ReportColumn.of(c.name(), c.type())).toList();
    }

    public List<ReportColumn> getColumns() {
        return current != null ? current.columns() : columns();
    }

    /** The table's starting sort, from the address. */
    public List<SortMeta> getSortMeta() {
        List<SortMeta> metas = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            String key = sort.get(i);
            boolean descending = key.startsWith("-");
            String column = descending ? key.substring(1) : key;
            metas.add(SortMeta.builder().field(column).order(descending ? SortOrder.DESCENDING : SortOrder.ASCENDING)
                    .priority(i).build());
        }
        return metas;
    }

    public int getFirst() {
        return (int) Math.min((long) page * size, Integer.MAX_VALUE);
    }

    public int getSize() {
        return size;
    }

    public List<String> getFilters() {
        return filters;
    }

    /** How many rows match, for people: "1,234 rows", "at least 100,000 rows". */
    public String getMatching() {
        if (current == null) {
            return "";
        }
        long matching = current.matchingRows();
        String count = ReportCells.grouped(BigDecimal.valueOf(matching)) + (matching == 1 ? " row" : " rows");
        return (current.matchingAtLeast() ? "at least " : "") + count + (filters.isEmpty() ? "" : " match");
    }

    /** This view's address: report, sort, filters, page and size. */
    public String getShareableUrl() {
        return url(sort, filters, page, size);
    }

    /** The address without one of the filters. */
    public String withoutFilter(String filter) {
        List<String> rest = new ArrayList<>(filters);
        rest.remove(filter);
        return url(sort, rest, 0, size);
    }

    /** The export's address: the API's, with the same sort and filters. */
    public String exportUrl(String format) {
        String context = FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath();
        return context + "/api/reports/" + encode(name) + "/export?format=" + format + query(sort, filters);
    }

    /** A filter as people read it: "Uploads ≥ 100". */
    public String describe(String filter) {
        return ReportFilterForm.describe(filter, columns());
    }

    private String url(List<String> sort, List<String> filters, int page, int size) {
        String context = FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath();
        return context + "/reports/report.xhtml?name=" + encode(name) + query(sort, filters)
                + (page == 0 ? "" : "&page=" + page) + (size == 50 ? "" : "&size=" + size);
    }

    private static String query(List<String> sort, List<String> filters) {
        StringBuilder query = new StringBuilder();
        if (!sort.isEmpty()) {
            query.append("&sort=").append(encode(String.join(",", sort)));
        }
        filters.forEach(f -> query.append("&filter=").append(encode(f)));
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public ReportFilterForm getFilterForm() {
        return filterForm;
    }

    /** The column the filter bar has chosen, or null. */
    public ReportColumn getFilterColumn() {
        return columns().stream().filter(c -> c.name().equals(filterForm.getColumn())).findFirst().orElse(null);
    }

    /** The conditions that fit the filter bar's column, condition → label. */
    public Map<String, String> getFilterConditions() {
        return filterForm.conditions(getFilterColumn());
    }

    /** Whether the chosen condition compares with a value (and so the bar shows an input). */
    public boolean isFilterTakesValue() {
        String condition = filterForm.getCondition();
        return condition != null && (condition.equals(ReportFilterForm.BETWEEN)
                || FilterOperator.ofApiName(condition).map(FilterOperator::takesValue).orElse(false));
    }

    public boolean isFilterRange() {
        return ReportFilterForm.BETWEEN.equals(filterForm.getCondition());
    }

    public boolean isFilterDate() {
        ReportColumn column = getFilterColumn();
        return column != null && column.kind() == ColumnKind.DATE;
    }

    public boolean isFilterBoolean() {
        ReportColumn column = getFilterColumn();
        return column != null && column.kind() == ColumnKind.BOOLEAN;
    }

    /** A hint for the value input: what the column's type reads. */
    public String getFilterHint() {
        ReportColumn column = getFilterColumn();
        if (column == null) {
            return "";
        }
        return switch (column.kind()) {
            case NUMBER -> ColumnKind.integral(column.type()) ? "a whole number" : "a number, e.g. 12.5";
            case TIMESTAMP -> "YYYY-MM-DD or YYYY-MM-DDTHH:MM" + (ReportFilterForm.zoned(column)
                    ? " (" + readerZone.getName() + ")" : "");
            case TEXT -> FilterOperator.IN.apiName().equals(filterForm.getCondition()) ? "values separated by commas"
                    : "text";
            default -> "";
        };
    }

    public boolean isShowSql() {
        return showSql;
    }

    public void toggleSql() {
        showSql = !showSql;
    }

    /** The report's totals over every matching row; empty when it has none. */
    public Map<String, Object> getTotals() {
        return current == null ? Map.of() : current.totals();
    }

    public String getSql() {
        return current == null ? "" : current.sql();
    }

    public List<String> getSqlParameters() {
        return current == null ? List.of() : current.parameters();
    }

    /** Whether the report's file asks for a chart that can be drawn over its columns. */
    public boolean isChart() {
        return chartDrawable() && chart().json() != null;
    }

    /** Why a chart the report has is not drawn right now (its rows could not be read), or null. */
    public String getChartUnavailable() {
        return chartDrawable() && chart().json() == null ? chart().note() : null;
    }

    private boolean chartDrawable() {
        return current != null && details.chart() != null
                && ChartJson.problem(details.chart(), current.columns()).isEmpty();
    }

    /** Why the report's chart cannot be drawn, if its file asks for one that cannot. */
    public String getChartProblem() {
        return details.chart() == null ? null
                : ChartJson.problem(details.chart(), columns()).orElse(null);
    }

    /** The chart over the filtered rows (the first {@value #CHART_ROWS} by its x column), as Chart.js JSON. */
    public String getChartJson() {
        return chart().json();
    }

    /** Said under a chart that shows only the first rows. */
    public String getChartNote() {
        return chart().note();
    }

    /** A chart, read once per view: its configuration and, when it was cut, what to say. */
    private record Chart(String json, String note) implements Serializable {
    }

    private Chart chart;

    private Chart chart() {
        if (chart == null) {
            ChartSpec spec = details.chart();
            ReportPage plotted;
            try {
                plotted = rows.page(name, List.of(spec.x()), filters, 0, CHART_ROWS).orElse(null);
            } catch (ReportUnavailableException busy) {
                // Kept like a drawn chart, so that the page does not wait for the lock again on every evaluation.
                chart = new Chart(null, "The chart cannot be drawn right now: the report is being refreshed.");
                return chart;
            } catch (InvalidRequestException e) {
                chart = new Chart(null, "The chart cannot be drawn for these filters: " + e.getMessage());
                return chart;
            }
            if (plotted == null) {
                chart = new Chart(null, "The chart appears once the report has data.");
                return chart;
            }
            boolean cut = plotted.matchingRows() > CHART_ROWS || plotted.matchingAtLeast();
            chart = new Chart(ChartJson.of(spec, plotted.columns(), plotted.rows()), cut
                    ? "The chart shows the first " + ReportCells.grouped(BigDecimal.valueOf(CHART_ROWS)) + " of "
                    + (plotted.matchingAtLeast() ? "at least " : "") + ReportCells.grouped(BigDecimal.valueOf(
                    plotted.matchingRows())) + " rows; filter the report to see the rest." : null);
        }
        return chart;
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static int number(String value, int fallback) {
        if (value == null || !value.matches("\\d{1,9}")) {
            return fallback;
        }
        return Integer.parseInt(value);
    }
}
