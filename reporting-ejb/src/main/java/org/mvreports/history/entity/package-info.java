/**
 * The refresh log's vocabulary: how an attempt ended ({@code RefreshOutcome}), how it refreshed ({@code RefreshMode}),
 * who asked ({@code RefreshTrigger}), the attempt itself ({@code RefreshResult}) and a view's last success. Values
 * only, shared by every feature that talks about refreshes.
 */
package org.mvreports.history.entity;
