package org.mvreports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules, checked on the classes of every module of the EAR (this module's class path holds
 * reporting-ejb and reporting-batch too), so that the layout holds without anyone policing it:
 * <ul>
 *   <li>features ({@code org.mvreports.<feature>..}, in whichever module) never import each other in a circle;</li>
 *   <li>only the {@code history} feature reads or writes the refresh log (its SQL names {@code refresh_log});</li>
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

    @Test
    void onlyTheHistoryFeatureTouchesTheRefreshLog() {
        noClasses().that().resideOutsideOfPackage("org.mvreports.history..")
                .should(nameInTheirCode("refresh_log"))
                .check(APPLICATION);
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

    /** Whether the class's own code (its compiled constants: SQL text included) contains {@code text}. */
    private static ArchCondition<JavaClass> nameInTheirCode(String text) {
        return new ArchCondition<>("name " + text + " in their code") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                if (classFileContains(javaClass, text)) {
                    events.add(SimpleConditionEvent.satisfied(javaClass, javaClass.getName() + " names " + text));
                }
            }
        };
    }

    private static boolean classFileContains(JavaClass javaClass, String text) {
        String resource = javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            // Constant strings are stored as (modified) UTF-8 in the constant pool; SQL is ASCII.
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text);
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
