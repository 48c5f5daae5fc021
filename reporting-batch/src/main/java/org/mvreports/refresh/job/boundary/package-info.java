/**
 * Refresh jobs for refresh administrators ({@link org.mvreports.refresh.job.boundary.RefreshJobs}: start, follow,
 * stop, restart, abandon, on executions of any node); plus the watch that fails executions of stopped nodes. The scheduler starts its jobs through the control layer, not here.
 */
package org.mvreports.refresh.job.boundary;
