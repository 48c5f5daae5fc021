package org.mvreports.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a local stack.
 *
 * @param home             folder for everything the stack keeps: PostgreSQL's data, the unpacked server, logs
 * @param distribution     folder holding {@code mv-reports.ear} and {@code payara-<version>.zip} (the launcher's
 *                         build copies them to {@code target/dist})
 * @param portOffset       added to every Payara port (0 gives http://localhost:8080/)
 * @param databasePort     port for the embedded PostgreSQL, 0 for the home's own (picked free on its first start and
 *                         kept in the home)
 * @param environment      the application's settings (REPORTING_* variables), given to the server process; when
 *                         it holds REPORTING_DB_URL an existing PostgreSQL is used and none is embedded
 */
public record StackOptions(Path home, Path distribution, int portOffset, int databasePort,
                           Map<String, String> environment) {

    public StackOptions {
        environment = Map.copyOf(environment);
    }
}
