package org.mvreports.alert.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One POST of an alert to a webhook, and nothing more: only to an http(s) URL whose host is on the allow list, no
 * redirect followed, a short connect and answer time, the receiver's answer read no further than its status (its
 * body is never read, logged or shown: a receiver that answers 10 MB costs nothing).
 */
public final class WebhookCall {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** From sending to the receiver's status line. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private WebhookCall() {
    }

    /**
     * The client calls are made with: redirects never followed, a short connect timeout. Its owner keeps it in an
     * instance, not a static field, so that it and its selector thread go with the application when it is undeployed.
     */
    public static HttpClient client(Executor executor) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    /** The address without its path and query, which may hold a token (chat webhooks do): for logs. */
    public static String shown(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getRawAuthority() + "/…";
        } catch (Exception e) {
            return "(not a URL)";
        }
    }

    /**
     * What an attempt got.
     *
     * @param status  the receiver's HTTP status, null when none came
     * @param problem why no status came (our words), null when one did
     */
    public record Answer(Integer status, String problem, Duration took) {
    }

    /**
     * Why {@code url} may not be called, or empty when it may: it must be absolute http(s) with a host on
     * {@code allowedHosts}, and carry no user name or password.
     */
    public static Optional<String> refusal(String url, Set<String> allowedHosts) {
        if (allowedHosts.isEmpty()) {
            return Optional.of("webhooks are off on this server: REPORTING_ALERT_HOSTS names no host to call");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http:// and https:// addresses are called");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("the address needs a host name and no user name or password");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("port " + uri.getPort() + " does not exist");
        }
        if (!allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.of("host " + uri.getHost() + " is not on this server's allow list (REPORTING_ALERT_HOSTS: "
                    + String.join(", ", allowedHosts.stream().sorted().toList()) + ")");
        }
        return Optional.empty();
    }

    /**
     * Posts {@code body} (JSON) with the event id, the timestamp and, when there is a secret, the signature.
     */
    public static Answer post(HttpClient http, String url, String secret, long eventId, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "MV-Reports-Alerts")
                .header(AlertRules.EVENT_HEADER, String.valueOf(eventId))
                .header(AlertRules.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header(AlertRules.SIGNATURE_HEADER, AlertRules.signature(secret, timestamp, body));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            answer.body().close(); // the status is all we take; closing drops the rest of the body unread
            return new Answer(answer.statusCode(), null, Duration.ofNanos(System.nanoTime() - started));
        } catch (HttpTimeoutException e) {
            return new Answer(null, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s",
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new Answer(null, e instanceof java.net.ConnectException ? "the receiver refused the connection"
                    : "the connection to the receiver failed", Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted", Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
