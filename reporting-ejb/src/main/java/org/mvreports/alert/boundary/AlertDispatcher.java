package org.mvreports.alert.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.alert.control.AlertBody;
import org.mvreports.alert.control.AlertRules;
import org.mvreports.alert.control.AlertStore;
import org.mvreports.alert.control.WebhookCall;
import org.mvreports.database.LocalTransactions;
import org.mvreports.settings.ReportingSettings;

/**
 * Sends due deliveries every few seconds, on every node: each is claimed with a lease first (one node sends it), sent
 * outside any transaction (a slow receiver holds no lock and no connection), and its attempt recorded with what
 * follows: delivered, another attempt later (back-off), or given up.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // a run that overlaps the next is skipped by the lock below
@TransactionManagement(TransactionManagementType.BEAN) // local transactions of its own
public class AlertDispatcher {

    /** Deliveries claimed at once by one node. */
    private static final int CLAIM = 10;

    /**
     * How long a claimed delivery is this node's: longer than sending all of one claim can take (each attempt at
     * most the connect and answer timeouts), so no other node sends it meanwhile.
     */
    private static final Duration LEASE = Duration.ofMinutes(3);

    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class.getName());

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    private final Object running = new Object();

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "send due alerts")
    void sendEveryFewSeconds() {
        synchronized (running) {
            try {
                List<AlertStore.Claim> claims;
                do {
                    claims = database.inTransaction(connection -> AlertStore.claimDue(connection, CLAIM, LEASE));
                    for (AlertStore.Claim claim : claims) {
                        send(claim);
                    }
                } while (claims.size() == CLAIM);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "cannot send alerts right now; they wait", e);
            }
        }
    }

    private void send(AlertStore.Claim claim) throws SQLException {
        // The allow list may have changed since the webhook was added: a host no longer on it is not called.
        Optional<String> refused = WebhookCall.refusal(claim.url(), settings.alertHosts());
        WebhookCall.Answer answer = refused.isPresent() ? new WebhookCall.Answer(null, refused.get(), Duration.ZERO)
                : WebhookCall.post(claim.url(), claim.secret(), claim.event().id(),
                AlertBody.of(claim.event(), settings.publicUrl()));
        AlertRules.Verdict verdict = refused.isPresent() ? AlertRules.Verdict.GIVE_UP
                : AlertRules.verdict(answer.status());
        String problem = answer.problem() != null ? answer.problem() : AlertRules.problem(answer.status());
        Instant next = verdict == AlertRules.Verdict.TRY_AGAIN
                ? AlertRules.nextAttempt(claim.attempt(), claim.event().occurredAt(), Instant.now()) : null;
        database.inTransaction(connection -> {
            AlertStore.attempted(connection, claim, answer, problem, verdict == AlertRules.Verdict.DELIVERED, next,
                    settings.nodeName());
            return null;
        });
        if (verdict != AlertRules.Verdict.DELIVERED) {
            LOG.info(() -> "alert " + claim.event().id() + " to " + claim.url() + ", attempt " + claim.attempt()
                    + ": " + problem + (next == null ? "; given up" : "; next attempt at " + next));
        }
    }
}
