package org.mvreports.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import org.primefaces.csp.CspException;

/**
 * A page's form posted back without the nonce its page was given (PrimeFaces checks it on every postback in its CSP
 * mode) did not come from that page as a browser shows it: a forged or replayed post. PrimeFaces refuses it by
 * throwing, which the server would answer with a 500; it is the request that is wrong, so it is a 400, and nothing of
 * it was done.
 */
@WebFilter(urlPatterns = "*.xhtml", asyncSupported = true)
public class ForgedPostRefusal extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(ForgedPostRefusal.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException e) {
            if (!(rootCause(e) instanceof CspException) || response.isCommitted()) {
                throw e;
            }
            LOG.fine(() -> "refused a post without its page's nonce: " + request.getRequestURI());
            response.reset();
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
