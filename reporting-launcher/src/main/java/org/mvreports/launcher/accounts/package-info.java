/**
 * The accounts command ({@code ./run accounts ...}): lists, adds, changes, disables and enables the accounts people
 * sign in with, in {@code app.accounts} and {@code app.account_roles}, for a site without demo data (where nobody
 * could sign in otherwise) and for any other. It writes password hashes exactly as the application's identity store
 * (Jakarta Security's PBKDF2) verifies them, takes passwords from the terminal or standard input only, and reaches
 * the database as the run command does ({@link org.mvreports.launcher.HomeDatabase}), also while the stack runs.
 *
 * <p>Not here: the tables (the application's migration V1 creates them), the first administrator of a new site
 * (the application creates it from REPORTING_ADMIN_USER / REPORTING_ADMIN_PASSWORD) and the demo accounts (the
 * application enables or disables them with REPORTING_DEMO_DATA; this command lists them but leaves them alone).
 */
package org.mvreports.launcher.accounts;
