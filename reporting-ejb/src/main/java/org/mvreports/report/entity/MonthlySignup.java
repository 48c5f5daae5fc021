package org.mvreports.report.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.LocalDate;
import org.hibernate.annotations.Immutable;

/**
 * One row of the seed report "signups per month" ({@code reports.monthly_signups}): how many users joined in a
 * calendar month. Read-only: the row is computed by PostgreSQL when the view is refreshed, and Hibernate never
 * writes it ({@link Immutable}) nor creates the view (Flyway does; Hibernate only validates this mapping).
 * The generic report browser does not need a class like this; it exists for Java code that reads the report
 * directly, such as the signups chart.
 */
@Entity
@Immutable
@Table(schema = "reports", name = "monthly_signups")
@NamedQuery(name = MonthlySignup.ALL_BY_MONTH,
        query = """
                SELECT s
                FROM MonthlySignup s
                ORDER BY s.month""")
public class MonthlySignup {

    public static final String ALL_BY_MONTH = "MonthlySignup.allByMonth";

    @Id
    @Column(name = "month")
    private LocalDate month;

    @Column(name = "signups", nullable = false)
    private long signups;

    protected MonthlySignup() {
        // for JPA
    }

    /** First day of the month (UTC). */
    public LocalDate getMonth() {
        return month;
    }

    /** Users who joined in that month. */
    public long getSignups() {
        return signups;
    }
}
