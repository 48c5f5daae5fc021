package org.mvreports.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.refusal.RequestRefusedException;

/**
 * "Refresh now" on the dependency graph page: the reports clicked in the picture (the page's script keeps their names
 * in {@link #getViews()}), refreshed with the reports built on them, through the same operation as the console's and
 * the API's.
 */
@Named
@RequestScoped
public class GraphBacking {

    @Inject
    RefreshJobs jobs;

    private String views = "";

    public String getViews() {
        return views;
    }

    public void setViews(String views) {
        this.views = views == null ? "" : views;
    }

    public void refresh() {
        List<String> chosen = Arrays.stream(views.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        FacesContext faces = FacesContext.getCurrentInstance();
        if (chosen.isEmpty()) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN,
                    "Click the reports to refresh in the picture first.", null));
            return;
        }
        try {
            long execution = jobs.start(chosen, true, false, RefreshJobs.Channel.CONSOLE);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Refresh job " + execution
                    + " started: " + String.join(", ", chosen) + ", with the reports built on them. The picture"
                    + " shows them refreshing; the console shows the job.", null));
        } catch (RequestRefusedException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage()
                    + ". Nothing was started.", null));
        }
    }
}
