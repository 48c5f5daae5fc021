package org.mvreports.schema.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.sql.SQLException;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.mvreports.database.LocalTransactions;
import org.mvreports.demo.control.DemoSetup;
import org.mvreports.schema.control.Migrations;
import org.mvreports.security.control.FirstAdministrator;
import org.mvreports.settings.ReportingSettings;

/**
 * Runs when the application starts, before anything reads a report: checks the settings, migrates the schema,
 * checks that the JPA mapping matches what the migrations built (Hibernate validates; it never generates), then sets
 * up or disables the demo data and creates the first administrator if one is configured. A failure here fails the
 * deployment, which is what we want: an application running on a schema it does not understand would serve wrong
 * answers.
 *
 * <p>Other start-up beans that read views call {@link #awaitMigrated()} first: that makes the container finish
 * this bean's start-up before theirs, in whichever module they live.
 */
@Singleton
@Startup
@PermitAll
public class SchemaStartup {

    @Inject
    Migrations migrations;

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    DemoSetup demoSetup;

    @Inject
    FirstAdministrator firstAdministrator;

    @PersistenceUnit(unitName = "reporting")
    EntityManagerFactory entityManagerFactory;

    @PostConstruct
    // No JTA transaction: Flyway and the demo set-up commit their own work. (A singleton's @PostConstruct takes its
    // transaction attribute from the method itself; without this it would run inside one long transaction.)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        settings.check();
        migrations.migrate();
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        demoSetup.apply();
        firstAdministrator.apply();
    }

    /**
     * Why the database no longer holds the migrations this deployment started on, or empty when it does (for
     * readiness, {@link Migrations#problem}). Read-locked: probes and start-up callers never wait for each other.
     *
     * @throws IllegalStateException when the database cannot be asked
     */
    @Lock(LockType.READ)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<String> migrationProblem() {
        try {
            return database.inTransaction(migrations::problem);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the migration histories: " + e.getMessage(), e);
        }
    }

    /** Returns once the schema is migrated (the container runs {@link #start()} before any call). */
    @Lock(LockType.READ)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void awaitMigrated() {
        // Nothing to do: being callable means start() has completed.
    }
}
