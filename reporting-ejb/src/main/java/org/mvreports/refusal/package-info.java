/**
 * What the application refuses, and why: one exception type per meaning, shared by every feature and every module
 * (a refusal is not a failure: nothing went wrong, the request cannot be answered as asked). Each is an EJB
 * application exception, so it reaches the caller as itself; the REST API turns each {@link
 * org.mvreports.refusal.RequestRefusedException.Reason} into its status, and anything that is not a refusal into a
 * 500 with an incident id. Feature-free, like {@code org.mvreports.database}.
 */
package org.mvreports.refusal;
