/**
 * Demo data and demo accounts: generated once with {@code REPORTING_DEMO_DATA} on, disabled with it off. Nothing
 * else in the application depends on them.
 */
package org.mvreports.demo.control;
