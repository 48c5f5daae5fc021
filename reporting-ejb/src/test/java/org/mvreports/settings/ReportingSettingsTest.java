package org.mvreports.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Settings through their system-property twins (the environment of a test JVM cannot be changed). */
class ReportingSettingsTest {

    private final ReportingSettings settings = new ReportingSettings();

    @AfterEach
    void clear() {
        System.clearProperty("reporting.refresh-parallel-workers");
        System.clearProperty("reporting.refresh-parallelism");
        System.clearProperty("reporting.admin-user");
    }

    @Test
    void parallelWorkersAreTheDatabasesOwnUnlessConfigured() {
        assertEquals(OptionalInt.empty(), settings.refreshParallelWorkers());
        System.setProperty("reporting.refresh-parallel-workers", " 0 ");
        assertEquals(OptionalInt.of(0), settings.refreshParallelWorkers());
    }

    @Test
    void aValueThatCannotBeReadIsRefusedWithItsNameAndRange() {
        System.setProperty("reporting.refresh-parallel-workers", "two");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, settings::check);
        assertEquals("REPORTING_REFRESH_PARALLEL_WORKERS must be a whole number from 0 to 1024, was 'two'",
                refused.getMessage());
        System.setProperty("reporting.refresh-parallel-workers", "1");
        System.setProperty("reporting.refresh-parallelism", "0");
        assertTrue(assertThrows(IllegalArgumentException.class, settings::check).getMessage()
                .startsWith("REPORTING_REFRESH_PARALLELISM must be a whole number from 1"));
    }

    @Test
    void theFirstAdministratorIsOptional() {
        assertTrue(settings.adminUser().isEmpty());
        System.setProperty("reporting.admin-user", " root-admin ");
        assertEquals("root-admin", settings.adminUser().orElseThrow());
    }
}
