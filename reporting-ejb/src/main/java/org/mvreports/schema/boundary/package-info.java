/**
 * What runs when the application starts, before anything reads a report: settings checked, schema migrated, mapping
 * validated, demo data and the first administrator set up ({@code SchemaStartup}).
 */
package org.mvreports.schema.boundary;
