package org.mvreports.demo.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills the seed domain ({@code demo.users}, {@code demo.shipments}, {@code demo.uploads}, {@code demo.results})
 * with made-up but plausible rows. One scale parameter sets the size: {@code scale} users,
 * {@code scale / 5} shipments, about 1.5 uploads per shipment and 1 result per upload. The run command uses a
 * small scale; a benchmark asks for millions. The rows are produced inside PostgreSQL
 * ({@code generate_series}) so millions take seconds, and from a fixed random seed so every run makes the same
 * data.
 */
public final class DemoDataGenerator {

    private static final String[] STATEMENTS = {
        """
        INSERT INTO demo.users (email, full_name, joined_at)
        SELECT 'user' || g || '@example.com',
               'Demo User ' || g,
               timestamptz '2023-01-01 00:00:00+00'
                 + interval '1 second' * floor(random() * 3 * 365 * 86400)
        FROM generate_series(1, ?) AS g""",
        """
        INSERT INTO demo.shipments (reference, destination, shipped_at)
        SELECT 'SHP-' || lpad(g::text, 9, '0'),
               (ARRAY['Amsterdam', 'Athens', 'Berlin', 'Lisbon', 'Madrid', 'Oslo', 'Rome', 'Vienna'])
                   [1 + floor(random() * 8)::int],
               timestamptz '2023-01-01 00:00:00+00'
                 + interval '1 second' * floor(random() * 3 * 365 * 86400)
        FROM generate_series(1, greatest(1, ? / 5)) AS g""",
        // 0 to 3 uploads per shipment, within ten days after shipping.
        """
        INSERT INTO demo.uploads (shipment_id, uploaded_at, size_bytes)
        SELECT s.id,
               s.shipped_at + interval '1 second' * floor(random() * 10 * 86400),
               floor(random() * 5000000)::bigint
        FROM demo.shipments s
        CROSS JOIN LATERAL generate_series(1, (s.id % 4)::int) AS n""",
        // 0 to 2 results per upload; about 70% approved.
        """
        INSERT INTO demo.results (upload_id, start_date, end_date, approved_at)
        SELECT u.id,
               d.start_date,
               d.start_date + floor(random() * 10)::int,
               CASE WHEN random() < 0.7 THEN u.uploaded_at + interval '14 days' END
        FROM demo.uploads u
        CROSS JOIN LATERAL generate_series(1, (u.id % 3)::int) AS n
        CROSS JOIN LATERAL (SELECT (u.uploaded_at AT TIME ZONE 'UTC')::date
                                   + floor(random() * 5)::int AS start_date) AS d"""
    };

    private DemoDataGenerator() {
    }

    /**
     * Generates the demo rows, in the caller's transaction, when {@code demo.users} is empty; does nothing when
     * demo data is already there (so a restart keeps the data a user may have changed).
     *
     * @return whether rows were generated
     */
    public static boolean generateIfEmpty(Connection connection, int scale) throws SQLException {
        if (scale < 1) {
            throw new IllegalArgumentException("demo scale must be at least 1, was " + scale);
        }
        try (Statement statement = connection.createStatement()) {
            // Serialises two nodes starting at once on a fresh database: only the first one generates.
            statement.execute("LOCK TABLE demo.users IN EXCLUSIVE MODE");
            try (var rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM demo.users)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
            statement.execute("SELECT setseed(0.4242)");
        }
        for (String sql : STATEMENTS) {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                if (sql.contains("?")) {
                    insert.setInt(1, scale);
                }
                insert.executeUpdate();
            }
        }
        return true;
    }
}
