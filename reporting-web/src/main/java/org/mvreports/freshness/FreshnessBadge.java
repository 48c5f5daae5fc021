package org.mvreports.freshness;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.web.ReaderZone;

/**
 * The state badge every page shows a report with (the catalog, the console): its word, its colour and its sentence,
 * on the reader's clock. Pages use it as {@code #{freshnessBadge.badge(report.freshness())}}.
 */
@Named
@RequestScoped
public class FreshnessBadge {

    @Inject
    ReaderZone readerZone;

    public String badge(Freshness freshness) {
        return FreshnessText.badge(freshness);
    }

    public String severity(Freshness freshness) {
        return FreshnessText.severity(freshness);
    }

    public String sentence(Freshness freshness) {
        return FreshnessText.sentence(freshness, readerZone.zone());
    }
}
