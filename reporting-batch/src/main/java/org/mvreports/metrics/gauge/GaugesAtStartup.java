package org.mvreports.metrics.gauge;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mvreports.schema.boundary.SchemaStartup;

/**
 * Registers the shared gauges when the application starts, once the schema is migrated (their first read needs
 * it): a CDI start-up event comes too early to call the catalog, whose EJBs are not started yet.
 */
@Singleton
@Startup
@PermitAll
public class GaugesAtStartup {

    @Inject
    SchemaStartup schema;

    @Inject
    ReportGauges gauges;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the catalog reads in transactions of its own
    void register() {
        schema.awaitMigrated();
        gauges.register();
    }
}
