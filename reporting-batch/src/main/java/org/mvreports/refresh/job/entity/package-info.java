/**
 * What refresh jobs are made of as callers see them: the typed job parameters ({@link
 * org.mvreports.refresh.job.entity.RefreshJobParameters}, the only place their defaults live), an execution's status
 * and per-view progress, and the refusals of the job operations (an unknown execution, an operation its state does
 * not allow). Plain values; reading and writing them is the control layer's.
 */
package org.mvreports.refresh.job.entity;
