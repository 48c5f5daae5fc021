package org.mvreports.catalog;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.web.Formats;
import org.mvreports.web.ReaderZone;

/**
 * The report catalog page ({@code index.xhtml}), for every signed-in role: which reports exist and how fresh each is,
 * in sections, with a search and a "needs attention" filter that the address holds ({@link CatalogView}), so that a
 * view of a catalog of hundreds of reports can be bookmarked. Opening a report needs the report-viewer role (its pages
 * live under {@code reports/}, guarded in web.xml); refresh administrators also see the problems of reports' files.
 */
@Named
@RequestScoped
public class CatalogBacking {

    @Inject
    ReportCatalog catalog;

    @Inject
    ReaderZone readerZone;

    private List<ReportStatus> reports;
    private CatalogView view;
    private List<CatalogView.Section> sections;

    /** What the address asks to see. */
    public CatalogView getView() {
        if (view == null) {
            ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
            Map<String, String[]> parameters = external.getRequestParameterValuesMap();
            String[] query = parameters.get("q");
            String[] attention = parameters.get("attention");
            view = new CatalogView(query == null ? "" : query[0], attention != null && "1".equals(attention[0]),
                    Set.of(parameters.getOrDefault("collapsed", new String[0])));
        }
        return view;
    }

    /** Every report, read once per request. */
    public List<ReportStatus> getReports() {
        if (reports == null) {
            reports = catalog.reports();
        }
        return reports;
    }

    /** The sections shown, each with the reports the search and filter leave. */
    public List<CatalogView.Section> getSections() {
        if (sections == null) {
            sections = getView().sections(getReports());
        }
        return sections;
    }

    /** Whether any report names a section: else the catalog is one list, without a heading. */
    public boolean isSectioned() {
        return getReports().stream().anyMatch(r -> r.section() != null);
    }

    /** How many reports are shown. */
    public int getShown() {
        return getSections().stream().mapToInt(s -> s.reports().size()).sum();
    }

    /** How many reports need attention, of all of them (the filter's label says so). */
    public long getNeedingAttention() {
        return getReports().stream().filter(CatalogView::needsAttention).count();
    }

    /** The address of the catalog without search and filter, for "show every report". */
    public String getEverythingUrl() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
                + getView().everything().path();
    }

    public String dataAsOf(ReportStatus report) {
        return Formats.timestamp(report.freshness().dataAsOf(), readerZone.zone());
    }

    public String interval(ReportStatus report) {
        return Formats.interval(report.refreshInterval());
    }



}
