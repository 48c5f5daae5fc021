package org.mvreports.schema.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import org.hibernate.SessionFactory;
import org.mvreports.demo.control.DemoSetup;
import org.mvreports.schema.control.Migrations;

/**
 * Runs when the application starts, before anything reads a report: migrates the schema, checks that the JPA
 * mapping matches what the migrations built (Hibernate validates; it never generates), then sets up or disables
 * the demo data. A failure here fails the deployment, which is what we want: an application running on a schema
 * it does not understand would serve wrong answers.
 *
 * <p>Other start-up beans that read views declare {@code @DependsOn} on this one.
 */
@Singleton
@Startup
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway commits each migration itself
public class SchemaStartup {

    @Inject
    Migrations migrations;

    @Inject
    DemoSetup demoSetup;

    @PersistenceUnit(unitName = "reporting")
    EntityManagerFactory entityManagerFactory;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // on the callback itself: EJB ignores the class-level one here
    void start() {
        migrations.migrate();
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        demoSetup.apply();
    }
}
