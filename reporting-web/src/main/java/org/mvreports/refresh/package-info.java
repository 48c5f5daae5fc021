/**
 * Refresh jobs over REST ({@code /api/refresh-jobs}) and the answers to their refusals; the console's pages will join
 * them under {@code admin/}. Everything goes through the refresh jobs boundary.
 */
package org.mvreports.refresh;
