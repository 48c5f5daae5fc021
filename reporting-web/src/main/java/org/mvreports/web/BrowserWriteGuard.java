package org.mvreports.web;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Set;

/**
 * The API's defence against cross-site request forgery. A browser signed in through the login form sends its session
 * cookie with every request to this server, also one that another site's page makes it send; for a read that does no
 * harm (the other site cannot read the answer), for a write it would act in the user's name. So a write (any method
 * but GET, HEAD, OPTIONS) that is signed in by the session only must show it comes from a page of this application:
 * by the header {@value #HEADER} (another site's page cannot add a header to a request to this server without this
 * server's consent, which it never gives: there are no CORS headers), or by an {@code Origin} equal to this server's
 * own. Otherwise 403 with a JSON error. Clients that send their credentials with HTTP Basic are not affected (a
 * browser never adds those to another site's request by itself), nor are the pages, whose forms carry Faces' view
 * state. The API page's "Try it out" sends the header.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class BrowserWriteGuard implements ContainerRequestFilter {

    /** The header a page of this application adds to its API writes. */
    public static final String HEADER = "X-MVReports-Request";

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || servletRequest.getUserPrincipal() == null) {
            return;
        }
        if (request.getHeaderString(HEADER) != null
                || sameOrigin(request.getHeaderString("Origin"), request.getHeaderString(HttpHeaders.HOST))) {
            return;
        }
        request.abortWith(ApiError.of("a change made with a signed-in browser session must come from a page of MV"
                + " Reports (send the header " + HEADER + ", or use HTTP Basic)").answer(Response.Status.FORBIDDEN));
    }

    /** Whether {@code origin} (scheme://host[:port]) names the host the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI parsed = new URI(origin);
            if (parsed.getHost() == null) {
                return false;
            }
            String authority = parsed.getPort() < 0 ? parsed.getHost() : parsed.getHost() + ":" + parsed.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
