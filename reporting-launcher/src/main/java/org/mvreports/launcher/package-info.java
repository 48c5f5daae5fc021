/**
 * The launcher: starts the whole product on one machine and keeps it in view. {@link org.mvreports.launcher.Main} is
 * the run command; {@link org.mvreports.launcher.LocalStack} starts the embedded PostgreSQL, Payara Server and the EAR
 * (the system tests start the same); {@link org.mvreports.launcher.HomeLock} lets one process at a time use a home
 * folder and tells others who does; {@link org.mvreports.launcher.StackProcesses} finds a home's server and database
 * processes and stops them, for the {@link org.mvreports.launcher.Watchdog} that outlives a killed launcher and for
 * the next start. The accounts command is in {@code accounts}.
 *
 * <p>Not here: anything the application does once deployed (the launcher does not depend on its modules).
 */
package org.mvreports.launcher;
