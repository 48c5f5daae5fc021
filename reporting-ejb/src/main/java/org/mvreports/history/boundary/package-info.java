/**
 * What keeps the records evidence: the sealer that chains every new row within seconds and writes the chains' heads
 * to the server log ({@code RecordSealer}).
 */
package org.mvreports.history.boundary;
