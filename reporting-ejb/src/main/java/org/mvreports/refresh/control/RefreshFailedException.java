package org.mvreports.refresh.control;

import java.sql.SQLException;
import java.time.Instant;
import org.mvreports.history.entity.RefreshMode;

/** PostgreSQL refused or aborted a refresh; carries what the failure log row needs. */
class RefreshFailedException extends RuntimeException {

    private final String view;
    private final RefreshMode mode;
    private final Instant startedAt;
    private final String sqlState;
    private final String definitionHash;

    /** @param definitionHash of the definition the attempt read, or null when it failed before reading it */
    RefreshFailedException(String view, RefreshMode mode, Instant startedAt, String definitionHash,
                           SQLException cause) {
        super(cause.getMessage(), cause);
        this.view = view;
        this.mode = mode;
        this.startedAt = startedAt;
        this.definitionHash = definitionHash;
        this.sqlState = cause.getSQLState();
    }

    String view() {
        return view;
    }

    RefreshMode mode() {
        return mode;
    }

    Instant startedAt() {
        return startedAt;
    }

    String sqlState() {
        return sqlState;
    }

    String definitionHash() {
        return definitionHash;
    }
}
