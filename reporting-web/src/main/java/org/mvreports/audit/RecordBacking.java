package org.mvreports.audit;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.mvreports.audit.boundary.AuditRecords;
import org.mvreports.audit.entity.AuditRecord;
import org.mvreports.definition.entity.RecordView;
import org.mvreports.report.ReportAddress;
import org.mvreports.report.TableBacking;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;

/**
 * The pages of the records auditors review ({@code history/}: the refresh history, the export record, the
 * admin-action record): each the report browser's table, filter bar and downloads over the record's view, newest
 * first, its address bookmarkable like a report's. Which record a page shows is its path.
 */
@Named
@ViewScoped
public class RecordBacking extends TableBacking {

    private static final long serialVersionUID = 1L;

    /** Each page, the record it shows and the API that exports it. */
    private static final Map<String, ReportAddress.Place> PLACES = Map.of(
            "/history/index.xhtml", new ReportAddress.Place("/history/", null, "/api/refresh-log"),
            "/history/exports.xhtml", new ReportAddress.Place("/history/exports.xhtml", null, "/api/exports"),
            "/history/admin-actions.xhtml",
            new ReportAddress.Place("/history/admin-actions.xhtml", null, "/api/admin-actions"));

    private static final Map<String, AuditRecord> RECORDS = Map.of(
            "/history/index.xhtml", AuditRecord.REFRESH_HISTORY,
            "/history/exports.xhtml", AuditRecord.EXPORTS,
            "/history/admin-actions.xhtml", AuditRecord.ADMIN_ACTIONS);

    @Inject
    AuditRecords records;

    private AuditRecord record;
    private String title;
    private String description;
    private List<ReportColumn> columns;
    private int chartWindow = RefreshChart.WINDOWS.get(0);
    private RefreshChart chart;

    @PostConstruct
    void open() {
        FacesContext faces = FacesContext.getCurrentInstance();
        String page = faces.getViewRoot().getViewId();
        record = RECORDS.get(page);
        RecordView view = records.describe(record);
        title = view.metadata().title();
        description = view.metadata().description();
        columns = records.columns(record);
        ExternalContext external = faces.getExternalContext();
        open(ReportAddress.of(PLACES.get(page), external.getRequestParameterValuesMap()));
    }

    @Override
    protected ReportPage read(ReportAddress at) {
        return records.page(record, at.sort(), at.filters(), at.page(), at.size());
    }

    @Override
    public List<ReportColumn> columns() {
        return columns;
    }

    /**
     * The chart of the report the refresh history is filtered to (one {@code report:eq:} filter), over the chosen
     * window; null on other pages and for other filters.
     */
    public RefreshChart getRefreshChart() {
        String report = getChartReport();
        if (report == null) {
            return null;
        }
        if (chart == null) {
            chart = RefreshChart.of(records, report, chartWindow, readerZone());
        }
        return chart;
    }

    /** The one report the refresh history is filtered to, or null. */
    public String getChartReport() {
        if (record != AuditRecord.REFRESH_HISTORY) {
            return null;
        }
        List<String> reports = getFilters().stream().filter(f -> f.startsWith("report:eq:")).toList();
        return reports.size() == 1 ? reports.get(0).substring("report:eq:".length()) : null;
    }

    public List<Integer> getChartWindows() {
        return RefreshChart.WINDOWS;
    }

    public int getChartWindow() {
        return chartWindow;
    }

    /** A window the reader chose: the chart is drawn again over it. */
    public void setChartWindow(int window) {
        if (RefreshChart.WINDOWS.contains(window) && window != chartWindow) {
            chartWindow = window;
            chart = null;
        }
    }

    /** The refresh history of one job execution. */
    public String executionUrl(Object execution) {
        return url("/history/?filter=" + encode("execution:eq:" + execution));
    }

    /** The refresh history of one report, with its chart. */
    public String reportUrl(String report) {
        return url("/history/?filter=" + encode("report:eq:" + report));
    }

    private static String url(String path) {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath() + path;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }
}
