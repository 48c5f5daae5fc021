/**
 * Accounts the application sets up itself: the first administrator from the deployment's settings. Checking
 * credentials is Jakarta Security's (reporting-web); demo accounts are the demo feature's.
 */
package org.mvreports.security.control;
