/** Judging a report's freshness from facts (pure, unit-tested); not reading them. */
package org.mvreports.freshness.control;
