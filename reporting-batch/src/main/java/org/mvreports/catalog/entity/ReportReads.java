package org.mvreports.catalog.entity;

import java.util.List;

/**
 * What one report reads, as the refresh engine sees it (pg_depend through the view's rewrite rule): the edges of the
 * dependency graph the console draws.
 *
 * @param name  the report's view name
 * @param key   {@code schema.name} of the report
 * @param reads {@code schema.name} of every relation it reads: tables, views, and other reports (by their key)
 */
public record ReportReads(String name, String key, List<String> reads) {
}
