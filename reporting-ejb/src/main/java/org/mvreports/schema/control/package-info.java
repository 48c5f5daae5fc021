/**
 * The schema: Flyway migrations in two histories, the product's and a site's ({@code SchemaMigration}: plain Java, run
 * by the launcher as the database's owner role, or by the application itself when it has one role), run with the
 * database's own search_path ({@code MigrationSearchPath}); at deployment {@code Migrations} migrates or, with two
 * roles, checks that nothing is pending. Hibernate never creates or changes the schema.
 */
package org.mvreports.schema.control;
