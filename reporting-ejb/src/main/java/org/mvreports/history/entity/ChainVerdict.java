package org.mvreports.history.entity;

/**
 * What verifying one record's hash chain found: intact up to its last link, or the first thing that is wrong.
 *
 * @param record         the record
 * @param intact         whether every link and every row checked out (and the saved head, if one was given)
 * @param checkedThrough the position up to which every link is right (the last link when intact)
 * @param pending        rows written and not sealed yet: not covered by the chain yet, and not a fault
 * @param problem        the first thing wrong; null when intact
 * @param savedHead      for a head an auditor saved ({@code <position>:<hash>}): whether the chain still contains
 *                       it; null when none was given
 */
public record ChainVerdict(String record, boolean intact, long checkedThrough, long pending, Problem problem,
                           Boolean savedHead) {

    /** What can be wrong with a chain. */
    public enum Kind {
        /** A sealed row's content differs from what was sealed. */
        CONTENT_CHANGED,
        /** A sealed row (or one waiting to be sealed) is gone. */
        ROW_MISSING,
        /** A row is in the record that was never sealed nor is waiting to be: written past the application. */
        ROW_SLIPPED_IN,
        /** A link itself was altered, removed or added: its position or predecessor does not follow. */
        LINK_BROKEN,
        /** The head an auditor saved is not in today's chain: the chain was rewritten since. */
        HEAD_NOT_CONTAINED
    }

    /**
     * One thing wrong.
     *
     * @param kind     what
     * @param rowId    the record's row it concerns, or null
     * @param position the chain position it concerns, or null
     * @param detail   what was found, for people
     */
    public record Problem(Kind kind, Long rowId, Long position, String detail) {
    }
}
