package org.mvreports.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers every answer of the application carries, so that a browser treats it as it is meant: never guesses another
 * content type than the one declared ({@code nosniff}: a CSV export is never run as a script), sends no address of
 * the intranet's pages to other sites ({@code Referrer-Policy}). The pages' Content-Security-Policy is PrimeFaces',
 * with a nonce per page (web.xml, {@code primefaces.CSP_POLICY}); the API's answers are data, never to be run or
 * framed, so they get a policy that allows nothing.
 */
// Also on forwards and error pages: a signed-out caller's page is the login form, forwarded to before any filter ran.
@WebFilter(urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR})
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** For answers that are data (the API, exports): nothing in them may load, run or be framed. */
    static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(request, response);
        chain.doFilter(request, response);
    }

    /**
     * Sets the headers on {@code response}. Also called by the authentication mechanism, whose answers (401, 429, 503
     * for a sign-in) are sent before any filter runs.
     */
    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setHeader("Content-Security-Policy", DATA_POLICY);
        }
    }
}
