package org.mvreports.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A process belongs to a home only when its command line names that home's installation, not a look-alike. */
class StackProcessesTest {

    private static final String INSTALLATION = "/srv/mv/.mvreports/server/payara6";

    @Test
    void theServersCommandLineNamesTheInstallation() {
        assertTrue(StackProcesses.namesPath(List.of("/usr/bin/java", "-cp",
                "/opt/x.jar:" + INSTALLATION + "/glassfish/modules/glassfish.jar", "ASMain"), INSTALLATION));
        assertTrue(StackProcesses.namesPath(List.of("java",
                "-Dcom.sun.aas.installRoot=" + INSTALLATION + "/glassfish"), INSTALLATION));
        assertTrue(StackProcesses.namesPath(List.of("java", "-jar",
                INSTALLATION + "/glassfish/lib/client/appserver-cli.jar"), INSTALLATION));
    }

    @Test
    void anotherHomeWhosePathEndsTheSameDoesNotCount() {
        assertFalse(StackProcesses.namesPath(List.of("java", "-cp",
                "/other" + INSTALLATION + "/glassfish/modules/glassfish.jar"), INSTALLATION));
        assertFalse(StackProcesses.namesPath(List.of("java", "-cp",
                INSTALLATION + "-old/glassfish/modules/glassfish.jar"), INSTALLATION));
        assertFalse(StackProcesses.namesPath(List.of("vi", "notes about " + INSTALLATION), INSTALLATION));
    }
}
