package org.mvreports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules, checked on the classes of every module of the EAR (this module's class path holds
 * reporting-ejb and reporting-batch too), so that the layout holds without anyone policing it:
 * <ul>
 *   <li>features ({@code org.mvreports.<feature>..}, in whichever module) never import each other in a circle;</li>
 *   <li>every table (and function) of the database has one class that names it in its SQL ({@link #TABLE_OWNERS});
 *       the others ask that class;</li>
 *   <li>no package is declared in two modules: a feature's name repeats across modules, in sub-packages;</li>
 *   <li>{@code control} and {@code entity} never import a {@code boundary}: boundaries are the outside of a feature;</li>
 *   <li>the web classes of a feature (directly in {@code org.mvreports.<feature>}) reach other features only through
 *       their boundaries and entities, never their {@code control}.</li>
 * </ul>
 */
class ArchitectureTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mvreports");

    /** org.mvreports.<feature> with nothing after it: the web classes of that feature. */
    private static final Pattern WEB_CLASS_PACKAGE = Pattern.compile("org\\.mvreports\\.([a-z]+)");

    private static final Pattern CONTROL_PACKAGE = Pattern.compile("org\\.mvreports\\.([a-z]+)(\\..+)?\\.control(\\..*)?");

    @Test
    void featuresNeverImportEachOtherInACircle() {
        slices().matching("org.mvreports.(*)..").should().beFreeOfCycles().check(APPLICATION);
    }

    /**
     * For every table and function of the database, the one class that may name it in its SQL: the class that writes
     * a table is the one that reads it, and everyone else asks it. Names are matched as written in SQL: the
     * application's own schema-qualified ({@code app.refresh_log}), the batch runtime's bare (Payara writes its
     * schema into the connection's search_path). A nested class counts as its owner.
     */
    static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            Map.entry("app.refresh_log", "org.mvreports.history.control.RefreshLog"),
            Map.entry("app.report_exports", "org.mvreports.history.control.ExportLog"),
            Map.entry("app.admin_actions", "org.mvreports.history.control.AdminActions"),
            Map.entry("app.record_chain", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.record_unsealed", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.seal_records", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_links", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_strays", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.records_protected", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.await_sealing", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_field", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_time", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_texts", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.chain_hash", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.refresh_log_canonical", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.report_exports_canonical", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.admin_actions_canonical", "org.mvreports.history.control.RecordChains"),
            Map.entry("app.refresh_history", "org.mvreports.audit.control.RecordViews"),
            Map.entry("app.export_history", "org.mvreports.audit.control.RecordViews"),
            Map.entry("app.admin_action_history", "org.mvreports.audit.control.RecordViews"),
            Map.entry("app.accounts", "org.mvreports.security.control.Accounts"),
            Map.entry("app.alert_webhooks", "org.mvreports.alert.control.AlertStore"),
            Map.entry("app.alert_conditions", "org.mvreports.alert.control.AlertStore"),
            Map.entry("app.alert_events", "org.mvreports.alert.control.AlertStore"),
            Map.entry("app.alert_deliveries", "org.mvreports.alert.control.AlertStore"),
            Map.entry("app.alert_attempts", "org.mvreports.alert.control.AlertStore"),
            Map.entry("app.account_roles", "org.mvreports.security.control.Accounts"),
            Map.entry("app.source_changes", "org.mvreports.refresh.control.ChangeTracking"),
            Map.entry("app.record_source_change", "org.mvreports.refresh.control.ChangeTracking"),
            Map.entry("app.view_definition_hash", "org.mvreports.refresh.control.RefreshTransactions"),
            Map.entry("app.refresh_job_runs", "org.mvreports.refresh.job.control.JobRuns"),
            Map.entry("app.refresh_job_views", "org.mvreports.refresh.job.control.JobProgress"),
            Map.entry("app.refresh_job_restarts", "org.mvreports.refresh.job.control.JobRestarts"),
            Map.entry("app.report_schedules", "org.mvreports.schedule.control.ScheduleSettings"),
            Map.entry("app.scheduler_settings", "org.mvreports.schedule.control.ScheduleSettings"),
            Map.entry("app.schedule_claims", "org.mvreports.schedule.control.ScheduleClaims"),
            Map.entry("app.flyway_schema_history", "org.mvreports.schema.control.Migrations"),
            Map.entry("app.flyway_site_history", "org.mvreports.schema.control.Migrations"),
            Map.entry("jobinstancedata", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("executioninstancedata", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("stepexecutioninstancedata", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("checkpointdata", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("jobstatus", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("stepstatus", "org.mvreports.refresh.job.control.BatchRepository"),
            Map.entry("demo.users", "org.mvreports.demo.control.DemoDataGenerator"),
            Map.entry("demo.shipments", "org.mvreports.demo.control.DemoDataGenerator"),
            Map.entry("demo.uploads", "org.mvreports.demo.control.DemoDataGenerator"),
            Map.entry("demo.results", "org.mvreports.demo.control.DemoDataGenerator"));

    /**
     * Classes that carry an owner's SQL without writing it: Jakarta Security's database identity store takes its
     * queries as annotation values, so the compiler copies the two that {@code Accounts} publishes into the class
     * that declares the store.
     */
    static final Map<String, Set<String>> CARRIES_OWNERS_SQL = Map.of(
            "org.mvreports.security.SecurityConfiguration", Set.of("app.accounts", "app.account_roles"));

    @Test
    void everyTableIsNamedByItsOneOwnerOnly() {
        classes().should(nameOnlyTheTablesTheyOwn()).check(APPLICATION);
    }

    @Test
    void everyTableOfTheMigrationsHasAnOwner() throws IOException {
        Pattern created = Pattern.compile("CREATE (?:TABLE|VIEW|(?:OR REPLACE )?FUNCTION) ((?:app|demo)\\.[a-z_]+)");
        Set<String> tables = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.list(Path.of("..", "reporting-ejb", "src", "main", "resources", "db",
                "application"))) {
            for (Path file : files.toList()) {
                Matcher m = created.matcher(java.nio.file.Files.readString(file));
                while (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        tables.removeAll(Set.of("app.refresh_log_is_append_only", "app.reject_changes_to_history"));
        assertTrue(tables.size() > 10, "the migrations were read: " + tables);
        for (String table : tables) {
            assertTrue(TABLE_OWNERS.containsKey(table), table + " has no owner in TABLE_OWNERS");
        }
    }

    @Test
    void noPackageIsDeclaredInTwoModules() {
        Map<String, Set<String>> modules = new java.util.TreeMap<>();
        for (JavaClass javaClass : APPLICATION) {
            String uri = javaClass.getSource().orElseThrow().getUri().toString();
            String module = uri.substring(0, uri.indexOf(javaClass.getName().replace('.', '/')));
            modules.computeIfAbsent(javaClass.getPackageName(), p -> new java.util.TreeSet<>()).add(module);
        }
        modules.values().removeIf(where -> where.size() == 1);
        assertEquals(Map.of(), modules, "packages declared in more than one module");
    }

    @Test
    void controlAndEntityNeverImportABoundary() {
        noClasses().that().resideInAnyPackage("..control..", "..entity..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(APPLICATION);
    }

    @Test
    void webClassesReachOtherFeaturesOnlyThroughTheirBoundariesAndEntities() {
        classes().that().resideInAPackage("org.mvreports.*")
                .should(notReachAnotherFeaturesControl())
                .check(APPLICATION);
    }

    /** Names in their code (their compiled constants: SQL text included) only the tables they own. */
    private static ArchCondition<JavaClass> nameOnlyTheTablesTheyOwn() {
        return new ArchCondition<>("name in their SQL only the tables they own") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String code = classFile(javaClass);
                String outer = javaClass.getName().contains("$")
                        ? javaClass.getName().substring(0, javaClass.getName().indexOf('$')) : javaClass.getName();
                for (Map.Entry<String, String> table : TABLE_OWNERS.entrySet()) {
                    boolean owner = table.getValue().equals(outer)
                            || CARRIES_OWNERS_SQL.getOrDefault(outer, Set.of()).contains(table.getKey());
                    if (!owner && Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(table.getKey())
                            + "(?![A-Za-z0-9_])").matcher(code).find()) {
                        events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " names "
                                + table.getKey() + ", whose owner is " + table.getValue()));
                    }
                }
            }
        };
    }

    /** The class file as text: constant strings are stored as (modified) UTF-8 in its constant pool; SQL is ASCII. */
    private static String classFile(JavaClass javaClass) {
        String resource = javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArchCondition<JavaClass> notReachAnotherFeaturesControl() {
        return new ArchCondition<>("not reach another feature's control") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Matcher own = WEB_CLASS_PACKAGE.matcher(javaClass.getPackageName());
                if (!own.matches()) {
                    return;
                }
                for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                    Matcher target = CONTROL_PACKAGE.matcher(dependency.getTargetClass().getPackageName());
                    if (target.matches() && !target.group(1).equals(own.group(1))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
