package org.mvreports.alert;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mvreports.alert.boundary.Alerts;
import org.mvreports.alert.entity.AlertKind;
import org.mvreports.alert.entity.Delivery;
import org.mvreports.alert.entity.Webhook;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.security.entity.Roles;
import org.mvreports.web.ApiDocs;
import org.mvreports.web.ApiParameters;
import org.mvreports.web.StrictJsonBodies;

/**
 * {@code /api/alerts}: the webhooks alerts are posted to, and what was sent (refresh-admin; the EJB enforces it).
 * A webhook's secret is write-only: it signs the deliveries and is never returned.
 */
@Path("alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
@Tag(name = ApiDocs.ALERTS, description = "Webhooks that alerts are posted to, and the deliveries (refresh-admin)")
public class AlertsResource {

    /** Body of {@code POST /alerts/webhooks}. */
    public static class NewWebhook implements StrictJsonBodies.RequestBody {
        @Schema(description = "http(s) address whose host is on the server's allow list (REPORTING_ALERT_HOSTS)",
                required = true, example = "https://hooks.example.com/mv-reports")
        @Size(max = 2000)
        public String url;
        @Schema(description = "16 to 200 characters; when given, every delivery is signed with it (HMAC-SHA256)."
                + " Never returned.")
        @Size(max = 200)
        public String secret;
        @Schema(description = "The kinds of event to send", required = true, type = SchemaType.ARRAY,
                implementation = AlertKind.class)
        @Size(max = 20)
        public List<AlertKind> events;
    }

    /** The answer of {@code POST /alerts/webhooks}. */
    public record Created(long id) {
    }

    @Inject
    Alerts alerts;

    @Context
    UriInfo uri;

    @GET
    @Path("webhooks")
    @Operation(summary = "Webhooks", description = "Every webhook with the kinds of event it is sent and whether"
            + " its deliveries are signed (the secret itself is never returned).")
    @APIResponse(responseCode = "200", description = "The webhooks", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = Webhook.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<Webhook> webhooks() {
        return alerts.webhooks();
    }

    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a webhook", description = "Alerts of the kinds named are posted to it as JSON from"
            + " now on (README, \"Operating\": the body and the signature headers).")
    @APIResponse(responseCode = "201", description = "Added; Location is the list", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response add(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewWebhook.class))) NewWebhook webhook) {
        if (webhook == null) {
            throw new InvalidRequestException("send {\"url\": ..., \"events\": [...]} and optionally \"secret\"");
        }
        Set<AlertKind> events = webhook.events == null || webhook.events.isEmpty() ? Set.of()
                : EnumSet.copyOf(webhook.events);
        long id = alerts.addWebhook(webhook.url, webhook.secret, events);
        return Response.created(uri.getBaseUriBuilder().path("alerts").path("webhooks").build())
                .entity(new Created(id)).build();
    }

    @DELETE
    @Path("webhooks/{id}")
    @Operation(summary = "Remove a webhook", description = "Nothing more is sent to it; its deliveries go too.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response remove(@Parameter(description = "The webhook's id", required = true, schema = @Schema(
            type = SchemaType.INTEGER, format = "int64")) @PathParam("id") String id) {
        alerts.removeWebhook(ApiParameters.id("id", id));
        return Response.noContent().build();
    }

    @GET
    @Path("deliveries")
    @Operation(summary = "Deliveries", description = "The latest alerts sent or being sent, newest first, each with"
            + " its webhook, outcome (PENDING, DELIVERED, GAVE_UP) and every attempt: when, the receiver's status"
            + " or why none came, how long it took, which node.")
    @APIResponse(responseCode = "200", description = "The deliveries", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = Delivery.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<Delivery> deliveries(@Parameter(description = "How many, 1 to 200 (default 50)", schema = @Schema(
            type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                                     @QueryParam("limit") String limit) {
        Integer asked = ApiParameters.wholeNumber("limit", limit);
        if (asked != null && (asked < 1 || asked > Alerts.MAX_DELIVERIES)) {
            throw new InvalidRequestException("limit must be from 1 to " + Alerts.MAX_DELIVERIES);
        }
        return alerts.deliveries(asked == null ? 50 : asked);
    }
}
