/**
 * How freshness is shown, the same on every page: the badge and the sentence for a report's state
 * ({@code FreshnessText}). The state itself is judged in the batch module's freshness feature.
 */
package org.mvreports.freshness;
