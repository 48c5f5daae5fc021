package org.mvreports.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How callers prove who they are, for pages and for the REST API alike (Jakarta Security allows one mechanism per
 * application, so this one serves both):
 * <ul>
 *   <li>the login form hands the user's credentials over through {@code SecurityContext.authenticate};</li>
 *   <li>an {@code Authorization: Basic} header is checked on any request (API clients, scripts);</li>
 *   <li>a signed-in browser is recognised by its session ({@link AutoApplySession}), the API included;</li>
 *   <li>otherwise a protected page answers with the login form (forwarded, so the address stays and signing in
 *       continues there), and a protected API path answers 401 with a Basic challenge, never an HTML page.</li>
 * </ul>
 */
@ApplicationScoped
@AutoApplySession
public class ReportingAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(ReportingAuthenticationMechanism.class.getName());

    static final String LOGIN_PAGE = "/login.xhtml";
    static final String API_PATH = "/api/";
    private static final String BASIC = "Basic ";

    @Inject
    IdentityStoreHandler identityStore;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Credential fromForm = context.getAuthParameters().getCredential();
        if (fromForm != null) {
            return validate(fromForm, context, false);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            UsernamePasswordCredential basic = decodeBasic(authorization.substring(BASIC.length()).trim());
            return basic == null ? challenge(context) : validate(basic, context, true);
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        if (isApi(request)) {
            return challenge(context);
        }
        return context.forward(LOGIN_PAGE);
    }

    AuthenticationStatus validate(Credential credential, HttpMessageContext context, boolean basic) {
        CredentialValidationResult result;
        try {
            result = identityStore.validate(credential);
        } catch (RuntimeException first) { // the identity store wraps its SQLException
            // The pool may hand out a connection the database has just dropped (a restart, a terminated session),
            // and the first query on it fails; a sign-in only reads, so it is asked once more on another one.
            try {
                result = identityStore.validate(credential);
            } catch (RuntimeException again) {
                again.addSuppressed(first);
                LOG.log(Level.WARNING, "cannot check a sign-in: the account database does not answer", again);
                return unavailable(context);
            }
        }
        if (basic && result.getStatus() != CredentialValidationResult.Status.VALID) {
            return challenge(context);
        }
        // For the form, an invalid result is a plain SEND_FAILURE (no error page), so the login page can show
        // its own message.
        return context.notifyContainerAboutLogin(result);
    }

    /** 503 with Retry-After: the caller's credentials could not be checked, which is not their fault. */
    private static AuthenticationStatus unavailable(HttpMessageContext context) {
        try {
            context.getResponse().setHeader("Retry-After", "5");
            context.getResponse().sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Signing in is not possible right now; try again in a moment.");
        } catch (IOException clientGone) {
            LOG.log(Level.FINE, "the client left before hearing that signing in is not possible", clientGone);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static AuthenticationStatus challenge(HttpMessageContext context) {
        context.getResponse().setHeader("WWW-Authenticate", "Basic realm=\"MV Reports\", charset=\"UTF-8\"");
        return context.responseUnauthorized();
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(API_PATH);
    }

    /** user:password from a Basic header, or null when it is not well-formed. */
    static UsernamePasswordCredential decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
