package org.mvreports.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST API under {@code /reporting/api} (JSON), with the same roles as the pages. Callers authenticate with
 * HTTP Basic or a signed-in browser session. Errors are JSON {@code {"error": "..."}} with 400, 401, 403, 404 or
 * 409, never a stack trace (see {@link ApiErrors}).
 */
@ApplicationPath("api")
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
