package org.mvreports.refresh.job.entity;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mvreports.history.entity.RefreshTrigger;

/**
 * What a {@code refresh-reports} job execution is asked to do: the one typed form of its job parameters, and the only
 * place their defaults live. The API, the console, the scheduler, a restart and the job itself all build or read it
 * here; the batch runtime stores it as {@link #toProperties() properties} and the job reads it back with
 * {@link #fromProperties}.
 *
 * @param views             report names; empty means every report
 * @param includeDependents also refresh every view downstream of the named ones
 * @param force             refresh views whose sources did not change too
 * @param trigger           who or what asked, as the refresh log records it
 * @param resumes           for a restart: the FAILED or STOPPED execution it resumes, else null
 */
public record RefreshJobParameters(SortedSet<String> views, boolean includeDependents, boolean force,
                                   RefreshTrigger trigger, Long resumes) {

    /** Dependents are refreshed unless asked otherwise: a refreshed view whose readers are not would mislead. */
    public static final boolean DEFAULT_INCLUDE_DEPENDENTS = true;

    /** Views whose sources did not change are skipped unless asked otherwise. */
    public static final boolean DEFAULT_FORCE = false;

    /** The names of the job parameters, as the job's XML hands them to the job (refresh-reports.xml). */
    public static final String VIEWS_PROPERTY = "views";
    public static final String INCLUDE_DEPENDENTS_PROPERTY = "includeDependents";
    public static final String FORCE_PROPERTY = "force";
    public static final String TRIGGER_KIND_PROPERTY = "triggerKind";
    public static final String TRIGGERED_BY_PROPERTY = "triggeredBy";
    public static final String RESUMES_PROPERTY = "resumes";

    public RefreshJobParameters {
        views = Collections.unmodifiableSortedSet(new TreeSet<>(views));
        if (trigger == null) {
            throw new IllegalArgumentException("a refresh job needs a trigger");
        }
    }

    /**
     * A new request; absent choices take the defaults.
     *
     * @param includeDependents null: {@link #DEFAULT_INCLUDE_DEPENDENTS}
     * @param force             null: {@link #DEFAULT_FORCE}
     */
    public static RefreshJobParameters request(Collection<String> views, Boolean includeDependents, Boolean force,
                                               RefreshTrigger trigger) {
        return new RefreshJobParameters(new TreeSet<>(views),
                includeDependents == null ? DEFAULT_INCLUDE_DEPENDENTS : includeDependents,
                force == null ? DEFAULT_FORCE : force, trigger, null);
    }

    /** The same request again, for a new trigger, resuming the execution {@code execution}. */
    public RefreshJobParameters resuming(long execution, RefreshTrigger by) {
        return new RefreshJobParameters(views, includeDependents, force, by, execution);
    }

    /** As the batch runtime takes job parameters. */
    public Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty(VIEWS_PROPERTY, String.join(",", views));
        properties.setProperty(INCLUDE_DEPENDENTS_PROPERTY, String.valueOf(includeDependents));
        properties.setProperty(FORCE_PROPERTY, String.valueOf(force));
        properties.setProperty(TRIGGER_KIND_PROPERTY, trigger.kind().name());
        if (trigger.name() != null) {
            properties.setProperty(TRIGGERED_BY_PROPERTY, trigger.name());
        }
        if (resumes != null) {
            properties.setProperty(RESUMES_PROPERTY, String.valueOf(resumes));
        }
        return properties;
    }

    /**
     * Reads job parameters back (as stored, or as the job's properties hand them over: absent ones null or blank).
     *
     * @throws IllegalArgumentException when a value cannot be read
     */
    public static RefreshJobParameters fromProperties(Map<String, String> properties) {
        TreeSet<String> views = new TreeSet<>();
        String named = blankToNull(properties.get(VIEWS_PROPERTY));
        if (named != null) {
            for (String view : named.split(",")) {
                if (!view.isBlank()) {
                    views.add(view.trim());
                }
            }
        }
        String kind = blankToNull(properties.get(TRIGGER_KIND_PROPERTY));
        RefreshTrigger trigger;
        try {
            trigger = new RefreshTrigger(kind == null ? RefreshTrigger.Kind.USER : RefreshTrigger.Kind.valueOf(kind),
                    blankToNull(properties.get(TRIGGERED_BY_PROPERTY)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job parameter triggerKind '" + kind + "' is not one of "
                    + Arrays.toString(RefreshTrigger.Kind.values()), e);
        }
        String resumes = blankToNull(properties.get(RESUMES_PROPERTY));
        if (resumes != null && !resumes.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("job parameter resumes '" + resumes + "' is not an execution id");
        }
        return new RefreshJobParameters(views,
                flag(properties.get(INCLUDE_DEPENDENTS_PROPERTY), DEFAULT_INCLUDE_DEPENDENTS),
                flag(properties.get(FORCE_PROPERTY), DEFAULT_FORCE), trigger,
                resumes == null ? null : Long.valueOf(resumes));
    }

    private static boolean flag(String value, boolean defaultValue) {
        String given = blankToNull(value);
        if (given == null) {
            return defaultValue;
        }
        if (!given.equalsIgnoreCase("true") && !given.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("a job parameter is '" + given + "', neither true nor false");
        }
        return Boolean.parseBoolean(given);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
