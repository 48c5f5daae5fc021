package org.mvreports.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under {@code /reporting/api} (JSON), with the same roles as the pages. Callers authenticate with
 * HTTP Basic or a signed-in browser session. Errors are JSON {@code {"error": "..."}} with 400, 401, 403, 404 or
 * 409, never a stack trace (see {@link ApiErrors}).
 *
 * <p>Its OpenAPI description is written with MicroProfile OpenAPI annotations here and on each resource; the server
 * serves it at {@code /openapi} (merged with any other application deployed beside it) and {@code api-docs.xhtml}
 * shows it in Swagger UI. The error answers every operation shares are components referred to by name
 * ({@link ApiDocs}); each resource's tag carries its description (listing tags here too would repeat them).
 */
@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "MV Reports API", version = "1",
                description = "Reports kept as PostgreSQL materialized views: the catalog with each report's"
                        + " freshness, its rows (sorted, filtered, paged) and exports; refresh jobs and schedules"
                        + " (refresh-admin); the refresh history, export record and admin actions with their hash"
                        + " chains (auditors). Every call needs a signed-in user: HTTP Basic, or the browser's"
                        + " session. Times are ISO-8601 instants in UTC."),
        security = @SecurityRequirement(name = ApiDocs.BASIC),
        components = @Components(responses = {
                @APIResponse(name = ApiDocs.BAD_REQUEST, responseCode = "400", description = "The request cannot"
                        + " be read: a parameter or body value is wrong; the error says which and why",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ApiError.class))),
                @APIResponse(name = ApiDocs.UNAUTHORIZED, responseCode = "401", description = "No valid"
                        + " credentials: sign in with HTTP Basic or a browser session"),
                @APIResponse(name = ApiDocs.FORBIDDEN, responseCode = "403", description = "Signed in without the"
                        + " role this operation needs",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ApiError.class))),
                @APIResponse(name = ApiDocs.NOT_FOUND, responseCode = "404", description = "No such report,"
                        + " execution or record",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ApiError.class))),
                @APIResponse(name = ApiDocs.CONFLICT, responseCode = "409", description = "Not possible in the"
                        + " current state (e.g. the job has ended, or someone changed the interval meanwhile)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ApiError.class))),
                @APIResponse(name = ApiDocs.UNAVAILABLE, responseCode = "503", description = "Not readable right"
                        + " now (a plain refresh holds the report, or the database cannot be reached); try again"
                        + " after Retry-After seconds",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ApiError.class)))}))
@SecurityScheme(securitySchemeName = ApiDocs.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "An account's user name and password (API calls with Basic create no session)")
public class ReportingApi extends Application {

    /**
     * Jersey's check of {@code @RolesAllowed} on resources, before a request's body is read: a caller without the
     * role is told 403, not what was wrong with what they sent. The EJBs behind the resources check again.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
