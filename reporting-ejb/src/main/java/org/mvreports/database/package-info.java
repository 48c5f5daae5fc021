/**
 * Shared infrastructure for the features' own SQL: local JDBC transactions whose boundaries are the point
 * ({@code LocalTransactions}), and telling a lost connection from a refused statement ({@code ConnectionLoss}). No
 * feature logic and no table of its own.
 */
package org.mvreports.database;
