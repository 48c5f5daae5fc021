/**
 * Typed, read-only JPA entities over report views, for Java code that reads a report directly ({@code MonthlySignup}).
 * A report needs none to be browsed; Hibernate validates them and never writes.
 */
package org.mvreports.report.entity;
