package org.mvreports.alert.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mvreports.alert.control.AlertStore;
import org.mvreports.alert.control.WebhookCall;
import org.mvreports.alert.entity.AlertKind;
import org.mvreports.alert.entity.Delivery;
import org.mvreports.alert.entity.UnknownWebhookException;
import org.mvreports.alert.entity.Webhook;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.control.AdminActions;
import org.mvreports.history.entity.AdminAction;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.security.entity.Roles;
import org.mvreports.settings.ReportingSettings;

/**
 * Refresh administrators' alert settings: the webhooks (URL on the allow list, an optional secret that is never
 * shown again, the kinds of event), and what was sent to them. The console and the REST API call these.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // local transactions of its own
@RolesAllowed(Roles.REFRESH_ADMIN)
public class Alerts {

    /** The most deliveries {@link #deliveries} returns. */
    public static final int MAX_DELIVERIES = 200;

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    AdminActions actions;

    @Resource
    SessionContext session;

    public List<Webhook> webhooks() {
        return read(AlertStore::webhooks);
    }

    /**
     * Adds a webhook.
     *
     * @param secret null or blank: deliveries are not signed; else 16 to 200 characters
     * @return its id
     * @throws InvalidRequestException naming what is wrong: the URL (not http(s), a host not on the allow list,
     *                                 webhooks off), the secret's length, no kind of event
     */
    public long addWebhook(String url, String secret, Set<AlertKind> events) {
        String address = url == null ? "" : url.trim();
        if (address.length() > 2000) {
            throw new InvalidRequestException("the URL is longer than 2000 characters");
        }
        WebhookCall.refusal(address, settings.alertHosts()).ifPresent(refusal -> {
            throw new InvalidRequestException("cannot call '" + InvalidRequestException.excerpt(address) + "': "
                    + refusal);
        });
        String key = secret == null || secret.isBlank() ? null : secret;
        if (key != null && (key.length() < 16 || key.length() > 200)) {
            throw new InvalidRequestException("a secret must be 16 to 200 characters long");
        }
        if (events == null || events.isEmpty()) {
            throw new InvalidRequestException("name at least one kind of event: " + List.of(AlertKind.values()));
        }
        String caller = session.getCallerPrincipal().getName();
        return read(connection -> {
            long id = AlertStore.addWebhook(connection, address, key, events, caller);
            actions.append(connection, new AdminAction(caller, AdminAction.Kind.ADD_WEBHOOK, null, null, null,
                    recorded(id, address, key != null, events)));
            return id;
        });
    }

    /** @throws UnknownWebhookException when there is no such webhook */
    public void removeWebhook(long id) {
        String caller = session.getCallerPrincipal().getName();
        boolean removed = read(connection -> {
            Webhook webhook = AlertStore.removeWebhook(connection, id);
            if (webhook != null) {
                actions.append(connection, new AdminAction(caller, AdminAction.Kind.REMOVE_WEBHOOK, null, null,
                        recorded(id, webhook.url(), webhook.signed(), webhook.events()), null));
            }
            return webhook != null;
        });
        if (!removed) {
            throw new UnknownWebhookException(id);
        }
    }

    /**
     * A webhook as the admin-action record keeps it: its id, the receiver's scheme and host (the rest of a webhook's
     * address is often the receiver's own secret token), whether it signs, and its kinds of event.
     */
    static String recorded(long id, String url, boolean signed, Set<AlertKind> events) {
        return "webhook " + id + ": " + WebhookCall.shown(url) + (signed ? ", signed" : ", not signed") + "; "
                + events.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    /** The latest deliveries with their attempts, newest event first (at most {@link #MAX_DELIVERIES}). */
    public List<Delivery> deliveries(int limit) {
        return read(connection -> AlertStore.recentDeliveries(connection, Math.max(1, Math.min(limit,
                MAX_DELIVERIES))));
    }

    /** Whether the server may call any webhook at all (REPORTING_ALERT_HOSTS names a host). */
    public boolean webhooksOn() {
        return !settings.alertHosts().isEmpty();
    }

    private <T> T read(LocalTransactions.Work<T> work) {
        try {
            return database.inTransaction(work);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or change the alert settings: " + e.getMessage(), e);
        }
    }
}
