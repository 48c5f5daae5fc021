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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportDetails;
import org.mvreports.definition.entity.DefinitionProblem;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.boundary.ReportRows;
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
 * types, with no Java per report. What it shows is its address ({@link ReportAddress}: sort, filters, page and page
 * size in the API's own form), so a view of a report can be bookmarked and shared: filters change the address (the
 * page reloads), and sorting or paging in the table rewrites it in place.
 *
 * <p>The table is lazy: each page is read on the server ({@link ReportRows}), in the table's (multi-column) sort,
 * with the address's filters. The filter bar ({@link ReportFilterForm}) offers what fits each column's type; the
 * chart ({@link ReportChart}) is drawn over the filtered rows.
 */
@Named
@ViewScoped
public class ReportBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ReportRows rows;

    @Inject
    ReportCatalog catalog;

    @Inject
    ReaderZone readerZone;

    private ReportAddress address;
    private ReportDetails details;
    private ReportPage current;
    private String problem;
    private boolean busy;
    private boolean showSql;
    private ReportChart chart;
    private final ReportFilterForm filterForm = new ReportFilterForm();
    private final LazyDataModel<Map<String, Object>> model = new RowsModel();

    @PostConstruct
    void open() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        address = ReportAddress.of(external.getRequestParameterValuesMap());
        details = address.name() == null ? null : catalog.details(address.name()).orElse(null);
        if (details == null) {
            notFound(external);
            return;
        }
        filterForm.offer(columns(), readerZone.getName());
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
            current = page(address);
        } catch (InvalidRequestException e) {
            problem = "This address asks for something the report cannot do, so it is shown unsorted and unfiltered: "
                    + e.getMessage() + (e.details().isEmpty() ? "." : " (possible: " + String.join(", ", e.details())
                    + ").");
            address = address.plain();
            try {
                current = page(address);
            } catch (ReportUnavailableException busyNow) {
                busy = true;
                current = null;
            }
        } catch (ReportUnavailableException e) {
            busy = true;
            current = null;
        }
    }

    private ReportPage page(ReportAddress at) {
        return rows.page(at.name(), at.sort(), at.filters(), at.page(), at.size()).orElse(null);
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
            List<String> sort = sortBy.values().stream()
                    .sorted((a, b) -> Integer.compare(a.getPriority(), b.getPriority()))
                    .map(meta -> (meta.getOrder() == SortOrder.DESCENDING ? "-" : "") + meta.getField())
                    .toList();
            ReportAddress asked = address.at(sort, pageSize == 0 ? 0 : first / pageSize, pageSize);
            if (!asked.equals(address)) {
                address = asked;
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
        List<String> next = new ArrayList<>(address.filters());
        next.addAll(added);
        ReportAddress filtered = address.filtered(next);
        try {
            rows.page(filtered.name(), filtered.sort(), filtered.filters(), 0, 1);
        } catch (InvalidRequestException e) {
            FacesContext.getCurrentInstance().addMessage("filter-bar", new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    e.getMessage(), null));
            return;
        }
        FacesContext.getCurrentInstance().getExternalContext().redirect(url(filtered.path()));
    }

    public String getName() {
        return address.name();
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

    /** The lines of the report's file that could not be used (shown to refresh administrators). */
    public List<DefinitionProblem> getDefinitionProblems() {
        return details.status().problems();
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
        for (int i = 0; i < address.sort().size(); i++) {
            String key = address.sort().get(i);
            boolean descending = key.startsWith("-");
            metas.add(SortMeta.builder().field(descending ? key.substring(1) : key)
                    .order(descending ? SortOrder.DESCENDING : SortOrder.ASCENDING).priority(i).build());
        }
        return metas;
    }

    public int getFirst() {
        return (int) Math.min((long) address.page() * address.size(), Integer.MAX_VALUE);
    }

    public int getSize() {
        return address.size();
    }

    public List<String> getFilters() {
        return address.filters();
    }

    /** How many rows match, for people: "1,234 rows", "at least 100,000 rows". */
    public String getMatching() {
        if (current == null) {
            return "";
        }
        long matching = current.matchingRows();
        String count = ReportCells.grouped(BigDecimal.valueOf(matching)) + (matching == 1 ? " row" : " rows");
        return (current.matchingAtLeast() ? "at least " : "") + count + (address.filters().isEmpty() ? ""
                : " match");
    }

    /** This view's address: report, sort, filters, page and size. */
    public String getShareableUrl() {
        return url(address.path());
    }

    /** The address without one of the filters. */
    public String withoutFilter(String filter) {
        return url(address.without(filter).path());
    }

    /** The export's address: the API's, with the same sort and filters. */
    public String exportUrl(String format) {
        return url(address.exportPath(format));
    }

    private static String url(String path) {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath() + path;
    }

    /** A filter as people read it: "Uploads ≥ 100". */
    public String describe(String filter) {
        return ReportFilterForm.describe(filter, columns());
    }

    public ReportFilterForm getFilterForm() {
        return filterForm;
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

    /** The report's chart over the filtered rows, or null when its file asks for none or it has no rows to read. */
    public ReportChart getChart() {
        if (chart == null && current != null && details.chart() != null) {
            chart = ReportChart.read(rows, address.name(), details.chart(), address.filters());
        }
        return chart;
    }
}
