package org.mvreports.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A report of the test's own whose refresh can be made to fail on demand: {@code reports.<name>} divides by a value
 * in a table of its own schema ({@code <name>_source}); {@link #breakIt()} sets that value to 0, so its next refresh
 * fails with 22012 (division by zero) and keeps its last good row.
 */
final class FailingReport {

    private final String name;

    private FailingReport(String name) {
        this.name = name;
    }

    /** Creates it, unpopulated (drops a leftover of an earlier run first). */
    static FailingReport create(String name) throws SQLException {
        FailingReport report = new FailingReport(name);
        report.drop();
        sql("""
                CREATE SCHEMA %1$s_source;
                CREATE TABLE %1$s_source.divisor (d int NOT NULL);
                INSERT INTO %1$s_source.divisor VALUES (1);
                CREATE MATERIALIZED VIEW reports.%1$s AS
                    SELECT 1 / (SELECT d FROM %1$s_source.divisor) AS x WITH NO DATA;
                CREATE UNIQUE INDEX %1$s_x ON reports.%1$s (x)""".formatted(name));
        return report;
    }

    String name() {
        return name;
    }

    /** From now on its refresh fails. */
    void breakIt() throws SQLException {
        sql("UPDATE " + name + "_source.divisor SET d = 0");
    }

    /** From now on its refresh succeeds again. */
    void fix() throws SQLException {
        sql("UPDATE " + name + "_source.divisor SET d = 1");
    }

    void drop() throws SQLException {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports." + name + "; DROP SCHEMA IF EXISTS " + name
                + "_source CASCADE");
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }
}
