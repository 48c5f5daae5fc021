package org.mvreports.report;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mvreports.refusal.InvalidRequestException;
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
 * What every page with a table of rows does, a report's or a record's (the refresh history, the export record): what
 * it shows is its address ({@link ReportAddress}: sort, filters, page and page size in the API's own form), so a view
 * can be bookmarked and shared: filters change the address (the page reloads), and sorting or paging in the table
 * rewrites it in place.
 *
 * <p>The table is lazy: each page is read on the server ({@link #read(ReportAddress)}), in the table's (multi-column)
 * sort, with the address's filters. The filter bar ({@link ReportFilterForm}) offers what fits each column's type.
 */
public abstract class TableBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ReaderZone readerZone;

    private ReportAddress address;
    private ReportPage current;
    private String problem;
    private boolean busy;
    private boolean showSql;
    private final ReportFilterForm filterForm = new ReportFilterForm();
    private final LazyDataModel<Map<String, Object>> model = new RowsModel();

    /**
     * The page the address asks for; null when there are no rows to read (a report never refreshed).
     *
     * @throws InvalidRequestException    when the address asks for what the table cannot do
     * @throws ReportUnavailableException when a refresh holds the report
     */
    protected abstract ReportPage read(ReportAddress at);

    /** The table's columns as its catalog describes them, before any page is read. */
    public abstract List<ReportColumn> columns();

    /** The reader's time zone, which every time on the page is shown in. */
    protected ZoneId readerZone() {
        return readerZone.zone();
    }

    /** Shows the table at {@code at}: the filter bar's choices, and the page it asks for. */
    protected void open(ReportAddress at) {
        address = at;
        filterForm.offer(columns(), readerZone.getName());
        read();
    }

    /** Reads the page the address asks for; a request that cannot be read shows the table unfiltered instead. */
    private void read() {
        busy = false;
        try {
            current = read(address);
        } catch (InvalidRequestException e) {
            problem = "This address asks for something the table cannot do, so it is shown unsorted and unfiltered: "
                    + e.getMessage() + (e.details().isEmpty() ? "." : " (possible: " + String.join(", ", e.details())
                    + ").");
            address = address.plain();
            try {
                current = read(address);
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
            read(filtered.at(filtered.sort(), 0, 1));
        } catch (InvalidRequestException e) {
            FacesContext.getCurrentInstance().addMessage("filter-bar", new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    e.getMessage(), null));
            return;
        }
        FacesContext.getCurrentInstance().getExternalContext().redirect(url(filtered.path()));
    }


    /** The name of the report shown; null on a record's page. */
    public String getName() {
        return address.name();
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

    public LazyDataModel<Map<String, Object>> getModel() {
        return model;
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
}
