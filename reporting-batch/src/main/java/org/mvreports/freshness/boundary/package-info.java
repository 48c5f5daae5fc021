/** The freshness of reports for the pages and the API, readable by all three roles (it shows no report rows). */
package org.mvreports.freshness.boundary;
