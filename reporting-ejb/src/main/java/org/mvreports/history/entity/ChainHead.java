package org.mvreports.history.entity;

import java.time.Instant;

/**
 * The last sealed link of a record's hash chain: what an auditor saves, so that {@code verify?head=} can later prove
 * the chain still contains it, whoever rewrote the database meanwhile.
 *
 * @param record   the record ({@code refresh_log}, {@code report_exports}, {@code admin_actions})
 * @param position the link's position, 1 for the first; 0 when nothing is sealed yet
 * @param hash     its hash (SHA-256, hex); 64 zeros when nothing is sealed yet
 * @param sealedAt when it was sealed; null when nothing is
 * @param pending  rows written but not sealed yet (the sealer takes them within seconds)
 */
public record ChainHead(String record, long position, String hash, Instant sealedAt, long pending) {

    /** As an auditor writes it down: {@code <position>:<hash>}. */
    public String asText() {
        return position + ":" + hash;
    }
}
