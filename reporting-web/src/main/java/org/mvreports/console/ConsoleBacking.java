package org.mvreports.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.audit.RefreshChart;
import org.mvreports.audit.boundary.AuditRecords;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.ViewProgress;
import org.mvreports.refresh.job.entity.ViewState;
import org.mvreports.refusal.RequestRefusedException;
import org.mvreports.schedule.boundary.Schedules;
import org.mvreports.schedule.entity.ScheduleChangedException;
import org.mvreports.web.Formats;
import org.mvreports.web.ReaderZone;

/**
 * The console's state for one open page: the reports with their schedules, the refresh jobs, what the administrator
 * typed and picked. What is shown is read afresh on every poll ({@link #load()}): every 2 seconds while a job runs,
 * every 10 otherwise, from the shared tables, so jobs of every node and of the scheduler appear. Actions go to the
 * EJBs the REST API calls; what they refuse is said next to the console's top, in their words, and changes nothing.
 */
@Named
@ViewScoped
public class ConsoleBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Executions per page of the list. */
    static final int EXECUTIONS_PER_PAGE = 10;

    @Inject
    ReportCatalog catalog;

    @Inject
    Schedules schedules;

    @Inject
    RefreshJobs jobs;

    @Inject
    ReaderZone readerZone;

    @Inject
    AuditRecords records;

    /** One report's row: what the catalog says of it, and its schedule. */
    public record Row(ReportStatus report, Schedules.Schedule schedule) {
        public String name() {
            return report.name();
        }
    }

    private transient List<Row> rows;
    private transient List<RefreshJobStatus> executions;
    private boolean schedulerEnabled;
    private int executionsPage;

    /** What the administrator typed into each report's interval field, by view. */
    private final Map<String, String> intervalInputs = new HashMap<>();
    /** The interval in force each field was filled from: a change made on it is refused when it moved meanwhile. */
    private final Map<String, String> intervalsShown = new HashMap<>();
    /** Whether each report is scheduled, as its switch shows, by view. */
    private final Map<String, Boolean> scheduled = new HashMap<>();
    /** The reports ticked for "refresh now", by view. */
    private final Map<String, Boolean> selected = new LinkedHashMap<>();
    private boolean includeDependents = true;
    private boolean force;

    /** Reads everything shown afresh (the poll calls it; so does every action). */
    public void load() {
        Schedules.Overview overview = schedules.overview();
        Map<String, Schedules.Schedule> byView = overview.reports().stream()
                .collect(Collectors.toMap(Schedules.Schedule::view, Function.identity()));
        schedulerEnabled = overview.schedulerEnabled();
        rows = inPlace(catalog.reports().stream().map(report -> new Row(report, byView.get(report.name())))
                .toList());
        for (Row row : rows) {
            if (row.schedule() == null) {
                continue;
            }
            scheduled.put(row.name(), row.schedule().enabled());
            String inForce = row.schedule().refreshInterval();
            if (!inForce.equals(intervalsShown.get(row.name()))) {
                // Someone (this page too) changed it: the field shows the interval now in force.
                intervalsShown.put(row.name(), inForce);
                intervalInputs.put(row.name(), typed(Duration.parse(inForce)));
            }
        }
        executions = jobs.list(executionsPage, EXECUTIONS_PER_PAGE);
    }

    /**
     * The rows in the order the page shows them: the page's controls are addressed by their row's position, so a
     * report added meanwhile goes last and a report gone keeps its row until the page is reloaded.
     */
    private List<Row> inPlace(List<Row> fresh) {
        if (rows == null) {
            return fresh;
        }
        Map<String, Row> byName = fresh.stream().collect(Collectors.toMap(Row::name, Function.identity()));
        List<Row> placed = new java.util.ArrayList<>();
        for (Row shown : rows) {
            placed.add(byName.getOrDefault(shown.name(), shown));
            byName.remove(shown.name());
        }
        fresh.stream().filter(row -> byName.containsKey(row.name())).forEach(placed::add);
        return placed;
    }

    public List<Row> getRows() {
        if (rows == null) {
            load();
        }
        return rows;
    }

    public List<RefreshJobStatus> getExecutions() {
        if (executions == null) {
            load();
        }
        return executions;
    }

    /** Whether a job runs now: the page polls every 2 seconds then, every 10 otherwise. */
    public boolean isJobRunning() {
        return getExecutions().stream().anyMatch(e -> RefreshJobStatus.running(e.batchStatus()));
    }

    public int getPollSeconds() {
        return isJobRunning() ? 2 : 10;
    }

    // --- the schedule

    public boolean isSchedulerEnabled() {
        getRows();
        return schedulerEnabled;
    }

    public void setSchedulerEnabled(boolean enabled) {
        this.schedulerEnabled = enabled;
    }

    /** The global switch, as toggled. */
    public void saveSchedulerEnabled() {
        act(() -> schedules.setSchedulerEnabled(schedulerEnabled), schedulerEnabled
                ? "Scheduled refreshes are on: every report is refreshed when it is due."
                : "Scheduled refreshes are off on every node: reports are refreshed only when someone asks.");
    }

    public Map<String, String> getIntervalInputs() {
        return intervalInputs;
    }

    public Map<String, String> getIntervalsShown() {
        return intervalsShown;
    }

    /** Saves what was typed into a report's interval field: the console's, the API's and the file's one reader. */
    public void saveInterval(String view) {
        String typed = intervalInputs.get(view);
        try {
            schedules.setInterval(view, typed, intervalsShown.get(view));
            say(FacesMessage.SEVERITY_INFO, typed == null || typed.isBlank()
                    ? view + " is refreshed at its SQL file's interval again."
                    : view + " is refreshed every " + typed.trim() + " from now on.");
        } catch (ScheduleChangedException e) {
            say(FacesMessage.SEVERITY_WARN, "Someone changed the interval of " + view + " meanwhile: it is "
                    + Formats.interval(Duration.parse(e.details().get(0))) + " now (shown). Nothing was changed.");
        } catch (RequestRefusedException e) {
            say(FacesMessage.SEVERITY_ERROR, "The interval of " + view + " was not changed: " + e.getMessage()
                    + ".");
            load();
            intervalInputs.put(view, typed); // left as typed, to correct
            return;
        }
        load();
    }

    public Map<String, Boolean> getScheduled() {
        return scheduled;
    }

    /** Schedules a report, or stops scheduling it, as its switch was toggled. */
    public void saveScheduled(String view) {
        boolean enabled = Boolean.TRUE.equals(scheduled.get(view));
        act(() -> schedules.setEnabled(view, enabled), enabled
                ? view + " is refreshed on schedule again."
                : view + " is no longer refreshed on schedule; it can still be refreshed by hand.");
    }

    // --- refresh now

    public Map<String, Boolean> getSelected() {
        return selected;
    }

    public boolean isIncludeDependents() {
        return includeDependents;
    }

    public void setIncludeDependents(boolean includeDependents) {
        this.includeDependents = includeDependents;
    }

    public boolean isForce() {
        return force;
    }

    public void setForce(boolean force) {
        this.force = force;
    }

    /** Starts a refresh job of the ticked reports; the new execution is at the top of the list at once. */
    public void refreshSelected() {
        List<String> views = selected.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (views.isEmpty()) {
            say(FacesMessage.SEVERITY_WARN, "Tick the reports to refresh first.");
            return;
        }
        executionsPage = 0;
        act(() -> {
            long execution = jobs.start(views, includeDependents, force, RefreshJobs.Channel.CONSOLE);
            say(FacesMessage.SEVERITY_INFO, "Refresh job " + execution + " started: " + String.join(", ", views)
                    + (includeDependents ? ", with the reports built on them" : "")
                    + (force ? ", even where nothing changed." : "."));
        }, null);
        selected.clear();
    }

    // --- executions

    // The execution an action is about comes with the request, as the page rendered it next to its button: the
    // list may have moved since (a new job on top), so a row's position must not decide which job is stopped.

    public void stop() {
        execution().ifPresent(execution -> act(() -> jobs.stop(execution), "Refresh job " + execution
                + " is asked to stop: the views being refreshed finish, the others are not started."));
    }

    public void restart() {
        execution().ifPresent(execution -> act(() -> {
            long restarted = jobs.restart(execution, RefreshJobs.Channel.CONSOLE);
            say(FacesMessage.SEVERITY_INFO, "Refresh job " + execution + " restarted as " + restarted
                    + ": it does what was left undone.");
        }, null));
    }

    public void abandon() {
        execution().ifPresent(execution -> act(() -> jobs.abandon(execution), "Refresh job " + execution
                + " is abandoned: it can no longer be restarted."));
    }

    private java.util.Optional<Long> execution() {
        String sent = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap()
                .get("execution");
        if (sent == null || !sent.matches("\\d{1,18}")) {
            say(FacesMessage.SEVERITY_ERROR, "Which refresh job was meant is not clear; reload the page and try"
                    + " again. Nothing was changed.");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Long.parseLong(sent));
    }

    public boolean isNewerExecutions() {
        return executionsPage > 0;
    }

    public boolean isOlderExecutions() {
        return getExecutions().size() == EXECUTIONS_PER_PAGE;
    }

    public void newerExecutions() {
        executionsPage = Math.max(0, executionsPage - 1);
        load();
    }

    public void olderExecutions() {
        executionsPage++;
        load();
    }

    public boolean canStop(RefreshJobStatus execution) {
        return RefreshJobStatus.running(execution.batchStatus())
                && execution.batchStatus() != jakarta.batch.runtime.BatchStatus.STOPPING;
    }

    public boolean canRestart(RefreshJobStatus execution) {
        return (execution.batchStatus() == jakarta.batch.runtime.BatchStatus.FAILED
                || execution.batchStatus() == jakarta.batch.runtime.BatchStatus.STOPPED)
                && execution.restartedAs() == null;
    }

    public boolean canAbandon(RefreshJobStatus execution) {
        return !RefreshJobStatus.running(execution.batchStatus())
                && execution.batchStatus() != jakarta.batch.runtime.BatchStatus.COMPLETED
                && execution.batchStatus() != jakarta.batch.runtime.BatchStatus.ABANDONED;
    }

    // --- how things are said




    /** The last refresh: how it ended, when, and how long it took. */
    public String lastRefresh(ReportStatus report) {
        var freshness = report.freshness();
        boolean failedLast = freshness.failedAt() != null
                && (freshness.refreshedAt() == null || freshness.failedAt().isAfter(freshness.refreshedAt()));
        if (failedLast) {
            return "Failed " + Formats.timestamp(freshness.failedAt(), readerZone.zone());
        }
        if (freshness.refreshedAt() == null) {
            return "Never refreshed";
        }
        return "Succeeded " + Formats.timestamp(freshness.refreshedAt(), readerZone.zone()) + " in "
                + Formats.duration(Duration.between(freshness.dataAsOf(), freshness.refreshedAt()));
    }

    public String nextDue(ReportStatus report) {
        Instant next = report.freshness().nextDueAt();
        return next == null ? "not scheduled" : Formats.timestamp(next, readerZone.zone());
    }

    public String fileInterval(Row row) {
        return row.schedule() == null ? "" : Formats.interval(Duration.parse(row.schedule().fileInterval()));
    }

    public String when(Instant instant) {
        return Formats.timestamp(instant, readerZone.zone());
    }

    /** How long an execution ran, or has run so far. */
    public String took(RefreshJobStatus execution) {
        if (execution.startedAt() == null) {
            return "";
        }
        Instant end = execution.endedAt() != null ? execution.endedAt() : Instant.now();
        return Formats.duration(Duration.between(execution.startedAt(), end));
    }

    /** Who or what started an execution. */
    public String startedBy(RefreshJobStatus execution) {
        var request = execution.request();
        if (request == null || request.trigger() == null) {
            return "";
        }
        var trigger = request.trigger();
        return switch (trigger.kind()) {
            case SCHEDULE -> "the scheduler";
            case STARTUP -> "start-up";
            case USER -> trigger.name() + " (console)";
            case API -> trigger.name() + " (API)";
        };
    }

    /** One view of an execution, in words: waiting, running since, done, skipped and why, failed and why. */
    public String progress(ViewProgress view) {
        return switch (view.state()) {
            case PENDING -> "waiting";
            case RUNNING -> "running since " + Formats.timestamp(view.startedAt(), readerZone.zone());
            case FAILED -> "failed" + (view.error() == null ? "" : ": " + view.error());
            case DONE, SKIPPED -> view.outcome() == null ? "done" : switch (view.outcome()) {
                case "SUCCEEDED" -> "done in "
                        + Formats.duration(Duration.between(view.startedAt(), view.finishedAt()));
                case "SKIPPED_UNCHANGED" -> "skipped: its sources have not changed";
                case "SKIPPED_BUSY" -> "skipped: another refresh of it was running";
                case "SKIPPED_UPSTREAM_FAILED" -> "skipped: a report it reads failed";
                case "FAILED" -> "failed" + (view.error() == null ? "" : ": " + view.error());
                default -> view.outcome().toLowerCase();
            };
        };
    }

    /** A report's last 30 refreshes that ran, as the history page charts them: shown when its row is opened. */
    public RefreshChart chart(String view) {
        return RefreshChart.of(records, view, RefreshChart.WINDOWS.get(0), readerZone.zone());
    }

    /** A running job's time left, as people know it from CI servers: "about 3 min left". */
    public String timeLeft(RefreshJobStatus execution) {
        if (!RefreshJobStatus.running(execution.batchStatus())) {
            return "";
        }
        Duration left = execution.remaining();
        if (left == null) {
            return "time left unknown: a report in it has no successful refresh to go by yet";
        }
        if (left.compareTo(Duration.ofMinutes(1)) < 0) {
            return "less than a minute left";
        }
        long minutes = (left.toSeconds() + 59) / 60;
        return "about " + (minutes < 120 ? minutes + " min" : (minutes + 59) / 60 + " h") + " left, expected to end at "
                + Formats.timestamp(execution.expectedEnd(), readerZone.zone());
    }

    /** How far a running view is through its expected time, in percent (past 100 when it overruns); -1: unknown. */
    public long percentDone(ViewProgress step) {
        if (step.state() != ViewState.RUNNING || step.expected() == null
                || step.expected().toMillis() == 0 || step.startedAt() == null) {
            return -1;
        }
        return Duration.between(step.startedAt(), Instant.now()).toMillis() * 100 / step.expected().toMillis();
    }

    /** What a view waiting or running is expected to take, in words; empty when unknown or when it has ended. */
    public String expected(ViewProgress step) {
        if (step.expected() == null || (step.state() != ViewState.PENDING
                && step.state() != ViewState.RUNNING)) {
            return "";
        }
        if (step.overrunning()) {
            return "(taking longer than the " + Formats.duration(step.expected()) + " it usually takes)";
        }
        return step.expected().isZero() ? "(expected to be skipped: its sources have not changed)"
                : "(usually " + Formats.duration(step.expected()) + ")";
    }

    /** A finished job in a line: "8 reports: 1 refreshed, 7 unchanged". */
    public String summary(RefreshJobStatus execution) {
        Map<String, Long> outcomes = execution.views().stream().collect(Collectors.groupingBy(
                step -> step.outcome() == null ? step.state().name() : step.outcome(), LinkedHashMap::new,
                Collectors.counting()));
        List<String> parts = new java.util.ArrayList<>();
        add(parts, outcomes.get("SUCCEEDED"), "refreshed");
        add(parts, outcomes.get("SKIPPED_UNCHANGED"), "unchanged");
        add(parts, outcomes.get("SKIPPED_BUSY"), "already being refreshed");
        add(parts, outcomes.get("SKIPPED_UPSTREAM_FAILED"), "skipped after a failure");
        add(parts, outcomes.get("FAILED"), "failed");
        int all = execution.views().size();
        return all + (all == 1 ? " report" : " reports") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static void add(List<String> parts, Long count, String what) {
        if (count != null) {
            parts.add(count + " " + what);
        }
    }


    /** An interval as the administrator would type it: "15 minutes", or ISO-8601 when not whole minutes. */
    static String typed(Duration interval) {
        return interval.toSecondsPart() == 0 ? Formats.interval(interval) : interval.toString();
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            if (done != null) {
                say(FacesMessage.SEVERITY_INFO, done);
            }
        } catch (RequestRefusedException e) {
            say(FacesMessage.SEVERITY_ERROR, e.getMessage() + ". Nothing was changed.");
        }
        load();
    }

    private static void say(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }
}
