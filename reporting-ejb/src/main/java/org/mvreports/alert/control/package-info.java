/**
 * How alerts work: the rules (back-off, verdicts, digests, signatures: {@code AlertRules}), the one class that reads
 * and writes the alert tables ({@code AlertStore}), turning what happens into events once per change
 * ({@code AlertRecorder}, observing refreshes and jobs), the body ({@code AlertBody}) and the HTTP call
 * ({@code WebhookCall}: allow-listed hosts, no redirects, short timeouts, the answer's status only).
 */
package org.mvreports.alert.control;
