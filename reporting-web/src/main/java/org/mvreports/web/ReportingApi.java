package org.mvreports.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API under {@code /reporting/api} (JSON), with the same roles as the pages. Callers authenticate with
 * HTTP Basic or a signed-in browser session. Errors are JSON {@code {"error": "..."}} with 400, 401, 403, 404 or
 * 409, never a stack trace (see {@link ApiErrors}).
 */
@ApplicationPath("api")
public class ReportingApi extends Application {
}
