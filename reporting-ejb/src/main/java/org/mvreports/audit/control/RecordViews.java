package org.mvreports.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.mvreports.audit.entity.AuditRecord;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.RecordView;

/**
 * The plain views auditors browse the records through (migration V21: columns named and ordered for people), as the
 * catalog describes them, so that the report browser reads them with identifiers from the catalog only.
 */
@ApplicationScoped
public class RecordViews {

    private static final String REFRESH_HISTORY = "app.refresh_history";
    private static final String EXPORT_HISTORY = "app.export_history";
    private static final String ADMIN_ACTION_HISTORY = "app.admin_action_history";

    /** Every record's own key: its id, which no index of a plain view can tell the catalog. */
    private static final List<String> KEY = List.of("id");

    @Inject
    PostgresCatalog catalog;

    /** The view of {@code record}, read from the catalog now. */
    public RecordView view(AuditRecord record) {
        String qualified = switch (record) {
            case REFRESH_HISTORY -> REFRESH_HISTORY;
            case EXPORTS -> EXPORT_HISTORY;
            case ADMIN_ACTIONS -> ADMIN_ACTION_HISTORY;
        };
        int dot = qualified.indexOf('.');
        return catalog.recordView(qualified.substring(0, dot), qualified.substring(dot + 1), KEY);
    }
}
