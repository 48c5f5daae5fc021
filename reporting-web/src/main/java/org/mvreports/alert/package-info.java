/**
 * Alerts for refresh administrators: {@code /api/alerts} (webhooks, deliveries) and the console's Alerts tab
 * ({@code admin/alerts.xhtml}), both on the {@code Alerts} EJB.
 */
package org.mvreports.alert;
