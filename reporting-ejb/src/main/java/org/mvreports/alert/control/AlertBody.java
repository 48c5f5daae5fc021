package org.mvreports.alert.control;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.mvreports.alert.entity.AlertEvent;

/**
 * The JSON an alert is posted as (README, "Operating"): the event's id and kind, the report (or reports of a digest),
 * the condition, the error, the data's as-of time, the job execution, when it occurred, and a link to the console.
 */
public final class AlertBody {

    private AlertBody() {
    }

    public static byte[] of(AlertEvent event, URI publicUrl) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("id", event.id())
                .add("type", event.kind().name())
                .add("reports", Json.createArrayBuilder(event.reports()));
        if (event.reports().size() == 1) {
            body.add("report", event.reports().get(0));
        }
        addIfPresent(body, "state", event.state());
        addIfPresent(body, "error", event.error());
        addIfPresent(body, "dataAsOf", event.dataAsOf() == null ? null : event.dataAsOf().toString());
        if (event.executionId() != null) {
            body.add("executionId", event.executionId());
        }
        addIfPresent(body, "occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
        body.add("console", publicUrl.resolve("admin/").toString());
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void addIfPresent(JsonObjectBuilder body, String name, String value) {
        if (value != null) {
            body.add(name, value);
        }
    }
}
