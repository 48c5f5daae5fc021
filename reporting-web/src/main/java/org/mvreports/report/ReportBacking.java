package org.mvreports.report;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.List;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportDetails;
import org.mvreports.definition.entity.DefinitionProblem;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;

/**
 * The one page every report opens in ({@code reports/report.xhtml?name=...}), built from the catalog's columns and
 * types, with no Java per report: the table, its address and filter bar as every table page has them
 * ({@link TableBacking}), with the report's freshness and its chart ({@link ReportChart}), drawn over the filtered
 * rows.
 */
@Named
@ViewScoped
public class ReportBacking extends TableBacking {

    private static final long serialVersionUID = 1L;

    @Inject
    ReportRows rows;

    @Inject
    ReportCatalog catalog;

    private ReportDetails details;
    private ReportChart chart;

    @PostConstruct
    void open() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ReportAddress address = ReportAddress.of(external.getRequestParameterValuesMap());
        details = address.name() == null ? null : catalog.details(address.name()).orElse(null);
        if (details == null) {
            notFound(external);
            return;
        }
        open(address);
    }

    private static void notFound(ExternalContext external) {
        try {
            external.responseSendError(404, "No report of that name");
            FacesContext.getCurrentInstance().responseComplete();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ReportPage read(ReportAddress at) {
        return rows.page(at.name(), at.sort(), at.filters(), at.page(), at.size()).orElse(null);
    }

    @Override
    public List<ReportColumn> columns() {
        // No report of that name: the page answered 404 while it was being built, but Faces renders it anyway.
        if (details == null) {
            return List.of();
        }
        return details.columns().stream().map(c -> ReportColumn.of(c.name(), c.type())).toList();
    }

    public boolean isFound() {
        return details != null;
    }

    public String getTitle() {
        return details == null ? "Report" : details.status().title();
    }

    public String getDescription() {
        return details == null ? null : details.status().description();
    }

    /** The lines of the report's file that could not be used (shown to refresh administrators). */
    public List<DefinitionProblem> getDefinitionProblems() {
        return details == null ? List.of() : details.status().problems();
    }

    public String getBadge() {
        return details == null ? null : FreshnessText.badge(details.status().freshness());
    }

    public String getSeverity() {
        return details == null ? null : FreshnessText.severity(details.status().freshness());
    }

    public String getSentence() {
        return details == null ? null : FreshnessText.sentence(details.status().freshness(), readerZone.zone());
    }

    /** The report's chart over the filtered rows, or null when its file asks for none or it has no rows to read. */
    public ReportChart getChart() {
        if (chart == null && isAvailable() && details.chart() != null) {
            chart = ReportChart.read(rows, getName(), details.chart(), getFilters());
        }
        return chart;
    }
}
