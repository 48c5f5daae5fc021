/**
 * The run command and the stack it starts on one machine (embedded PostgreSQL, Payara Server, the EAR), used by
 * {@code ./run} and by the tests alike, so that what is tested is what runs. Not part of the application.
 */
package org.mvreports.launcher;
