/**
 * Alerts for refresh administrators: their webhooks and the deliveries ({@code Alerts}, for the console and the
 * REST API), and the sending of due deliveries from every node ({@code AlertDispatcher}).
 */
package org.mvreports.alert.boundary;
