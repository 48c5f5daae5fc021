/**
 * The refresh engine, the one code path every refresh takes: planning in dependency order ({@code ViewRefresher},
 * {@code RefreshPlan}), one transaction per view with its log row ({@code RefreshTransactions}), skip-unchanged by
 * snapshot ({@code ChangeTracking}). It refreshes what it is asked to; when to refresh is the schedule's business
 * and running requests as jobs the batch module's.
 */
package org.mvreports.refresh.control;
