package org.mvreports.alert.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    @Resource
    ManagedThreadFactory threadFactory;

    private final Object running = new Object();
    private ExecutorService callThreads;
    private HttpClient http;

    @PostConstruct
    void start() {
        callThreads = Executors.newCachedThreadPool(threadFactory);
        http = WebhookCall.client(callThreads);
    }

    @PreDestroy
    void stop() {
        callThreads.shutdownNow();
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "send due alerts")
    void sendEveryFewSeconds() {
        synchronized (running) {
            try {
                List<AlertStore.Claim> claims;
                do {
                    claims = database.inTransaction(connection -> AlertStore.claimDue(connection, CLAIM, LEASE));
                    for (AlertStore.Claim claim : claims) {
                        sendOrGiveUp(claim);
                    }
                } while (claims.size() == CLAIM);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "cannot send alerts right now; they wait", e);
            }
        }
    }

    /** One claim: a failure of one delivery (a bad address, its webhook removed meanwhile) never holds up the rest. */
    private void sendOrGiveUp(AlertStore.Claim claim) {
        try {
            send(claim);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "alert " + claim.event().id() + " to " + WebhookCall.shown(claim.url())
                    + " could not be sent or recorded: " + e.getMessage(), e);
            try {
                database.inTransaction(connection -> {
                    String problem = "it could not be sent (see the server log)";
                    AlertStore.attempted(connection, claim, new WebhookCall.Answer(null, problem, Duration.ZERO),
                            problem, false, null, settings.nodeName());
                    return null;
                });
            } catch (SQLException | RuntimeException alsoFailed) {
                LOG.log(Level.FINE, "cannot record the failed attempt either (its webhook may be gone)", alsoFailed);
            }
        }
    }

    private void send(AlertStore.Claim claim) throws SQLException {
        if (claim.event().occurredAt().plus(AlertRules.RETRY_FOR).isBefore(Instant.now())) {
            // Claimed again and again past its time (its sender kept dying): it is over.
            database.inTransaction(connection -> {
                String problem = "not sent within " + AlertRules.RETRY_FOR.toMinutes() + " minutes of the event";
                AlertStore.attempted(connection, claim, new WebhookCall.Answer(null, problem, Duration.ZERO), problem,
                        false, null, settings.nodeName());
                return null;
            });
            return;
        }
        // The allow list may have changed since the webhook was added: a host no longer on it is not called.
        Optional<String> refused = WebhookCall.refusal(claim.url(), settings.alertHosts());
        WebhookCall.Answer answer = refused.isPresent() ? new WebhookCall.Answer(null, refused.get(), Duration.ZERO)
                : WebhookCall.post(http, claim.url(), claim.secret(), claim.event().id(),
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
            LOG.info(() -> "alert " + claim.event().id() + " to " + WebhookCall.shown(claim.url()) + ", attempt "
                    + claim.attempt()
                    + ": " + problem + (next == null ? "; given up" : "; next attempt at " + next));
        }
    }
}
