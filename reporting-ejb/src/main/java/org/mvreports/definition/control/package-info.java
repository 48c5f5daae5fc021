/**
 * The one place that asks PostgreSQL's system catalog about reports ({@code PostgresCatalog}): the materialized views
 * of the report schema, their columns, indexes and sources, read afresh on every call. It reads no report rows and
 * knows nothing of refreshes.
 */
package org.mvreports.definition.control;
