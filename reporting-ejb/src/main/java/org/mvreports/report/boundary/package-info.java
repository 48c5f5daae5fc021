/**
 * Reading reports' rows, for report viewers only (the signups report through its typed entity). Catalog metadata and
 * freshness, readable by every role, are elsewhere (the catalog and freshness features).
 */
package org.mvreports.report.boundary;
