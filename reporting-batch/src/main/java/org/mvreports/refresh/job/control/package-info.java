/**
 * How refresh jobs run: the {@code refresh-reports} batchlet and its parallel, dependency-ordered run of the views
 * through the refresh engine; the one component that talks to the batch runtime; and the job bookkeeping, one class
 * per table it writes ({@code JobRuns}: nodes and heartbeats, {@code JobProgress}: per-view progress,
 * {@code JobRestarts}: restart claims and links, {@code BatchRepository}: what the application changes in the batch
 * runtime's own tables). Not a place for roles: those are the boundary's.
 */
package org.mvreports.refresh.job.control;
