package org.mvreports.alert;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.mvreports.alert.boundary.Alerts;
import org.mvreports.alert.entity.AlertKind;
import org.mvreports.alert.entity.Delivery;
import org.mvreports.alert.entity.Webhook;
import org.mvreports.refusal.RequestRefusedException;
import org.mvreports.web.Formats;
import org.mvreports.web.ReaderZone;

/**
 * The console's Alerts tab ({@code admin/alerts.xhtml}): the webhooks, adding and removing one, and the latest
 * deliveries with every attempt. Every change goes through the {@link Alerts} EJB, as the REST API's do.
 */
@Named
@ViewScoped
public class AlertsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Deliveries the page shows. */
    private static final int SHOWN = 50;

    @Inject
    transient Alerts alerts;

    @Inject
    transient ReaderZone readerZone;

    private String url;
    private String secret;
    private List<String> events = new ArrayList<>(List.of(AlertKind.VIEW_FAILED.name(), AlertKind.JOB_FAILED.name(),
            AlertKind.REPORT_STALE.name(), AlertKind.REPORT_RECOVERED.name(), AlertKind.VERIFICATION_FAILED.name()));

    public List<Webhook> getWebhooks() {
        return alerts.webhooks();
    }

    public List<Delivery> getDeliveries() {
        return alerts.deliveries(SHOWN);
    }

    public boolean isWebhooksOn() {
        return alerts.webhooksOn();
    }

    public AlertKind[] getKinds() {
        return AlertKind.values();
    }

    public void add() {
        try {
            EnumSet<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
            events.forEach(kind -> kinds.add(AlertKind.valueOf(kind)));
            alerts.addWebhook(url, secret, kinds);
            say(FacesMessage.SEVERITY_INFO, "Alerts go to " + url + " from now on"
                    + (secret == null || secret.isBlank() ? "." : ", signed with the secret (it is not shown again)."));
            url = null;
            secret = null;
        } catch (RequestRefusedException e) {
            say(FacesMessage.SEVERITY_ERROR, "The webhook was not added: " + e.getMessage());
        }
    }

    /** Removes the webhook the request names ({@code webhook}: its id). */
    public void remove() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("webhook");
        try {
            long webhook = Long.parseLong(id);
            String url = alerts.webhooks().stream().filter(w -> w.id() == webhook).map(Webhook::url).findFirst()
                    .orElse("it");
            alerts.removeWebhook(webhook);
            say(FacesMessage.SEVERITY_INFO, "Nothing more goes to " + url + ".");
        } catch (NumberFormatException | RequestRefusedException e) {
            say(FacesMessage.SEVERITY_WARN, "That webhook was removed already.");
        }
    }

    /** A kind of event in words. */
    public String kind(AlertKind kind) {
        return switch (kind) {
            case VIEW_FAILED -> "a report's refresh failed";
            case JOB_FAILED -> "a refresh job failed";
            case REPORT_STALE -> "a report turned stale";
            case REPORT_RECOVERED -> "a report recovered";
            case VERIFICATION_FAILED -> "the records' check failed";
        };
    }

    public String kinds(Webhook webhook) {
        return webhook.events().stream().sorted().map(this::kind).collect(Collectors.joining(", "));
    }

    /** What an event was about, in a line. */
    public String about(Delivery delivery) {
        String reports = delivery.event().reports().isEmpty() ? ""
                : delivery.event().reports().size() > 3
                ? ": " + delivery.event().reports().size() + " reports (" + String.join(", ",
                delivery.event().reports().subList(0, 3)) + ", ...)"
                : ": " + String.join(", ", delivery.event().reports());
        String job = delivery.event().executionId() == null ? "" : ": job " + delivery.event().executionId();
        return kind(delivery.event().kind()) + reports + job;
    }

    /** Every attempt in a line each: when, the answer (or why none came), how long. */
    public List<String> attempts(Delivery delivery) {
        return delivery.attempts().stream().map(a -> a.attempt() + ". " + when(a.at()) + " — "
                + (a.status() != null && a.problem() == null ? "answered " + a.status() : a.problem())
                + " (" + Formats.duration(java.time.Duration.ofMillis(a.durationMillis())) + ", " + a.node() + ")")
                .toList();
    }

    public String outcome(Delivery delivery) {
        return switch (delivery.outcome()) {
            case "DELIVERED" -> "delivered";
            case "GAVE_UP" -> "given up";
            default -> delivery.attempts().isEmpty() ? "waiting to be sent"
                    : "next attempt " + when(delivery.nextAttemptAt());
        };
    }

    public String severity(Delivery delivery) {
        return switch (delivery.outcome()) {
            case "DELIVERED" -> "success";
            case "GAVE_UP" -> "danger";
            default -> "warning";
        };
    }

    public String when(Instant instant) {
        return instant == null ? "" : Formats.timestamp(instant, readerZone.zone());
    }

    private static void say(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events;
    }
}
