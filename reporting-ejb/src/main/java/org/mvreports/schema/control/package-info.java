/**
 * Flyway migrations in two histories, the product's and a site's ({@code Migrations}), run with the database's own
 * search_path ({@code MigrationSearchPath}). Hibernate never creates or changes the schema.
 */
package org.mvreports.schema.control;
