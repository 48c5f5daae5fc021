package org.mvreports.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.mvreports.web.SecurityHeaders;

/**
 * How callers prove who they are, for pages and for the REST API alike (Jakarta Security allows one mechanism per
 * application, so this one serves both):
 * <ul>
 *   <li>the login form hands the user's credentials over through {@code SecurityContext.authenticate};</li>
 *   <li>an {@code Authorization: Basic} header is checked on any request (API clients, scripts);</li>
 *   <li>a browser signed in through the form is recognised by its session, the API included;</li>
 *   <li>otherwise a protected page answers with the login form (forwarded, so the address stays and signing in
 *       continues there), and a protected API path answers 401 with a Basic challenge, never an HTML page.</li>
 * </ul>
 *
 * <p>Only the form's sign-in opens a session. An API client sending Basic on every request gets none: such clients
 * rarely keep cookies, so {@code @AutoApplySession} would open a session per request, each living until its
 * timeout (at 130 requests a second, a quarter of a million sessions in half an hour), and creating it was a good
 * part of what an API page cost. The PBKDF2 check such a client repeats is kept cheap by
 * {@link RememberedPasswordHash}.
 */
@ApplicationScoped
public class ReportingAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(ReportingAuthenticationMechanism.class.getName());

    static final String LOGIN_PAGE = "/login.xhtml";
    static final String API_PATH = "/api/";
    private static final String BASIC = "Basic ";

    /** Set on the request when the login form's credentials could not be checked (see {@link #unavailable}). */
    static final String SIGN_IN_UNAVAILABLE = "org.mvreports.security.signInUnavailable";

    /** Set on the request, to the seconds to wait, when the login form's sign-in was throttled. */
    static final String SIGN_IN_THROTTLED = "org.mvreports.security.signInThrottled";

    static final String UNAVAILABLE_MESSAGE = "Signing in is not possible right now: the accounts cannot be checked."
            + " Try again in a minute.";

    static final int RETRY_SIGN_IN_AFTER_SECONDS = 30;

    static final String UNAUTHORIZED_MESSAGE = "sign in: send your user name and password with HTTP Basic";

    @Inject
    IdentityStoreHandler identityStore;

    @Inject
    SignInThrottle throttle;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        SecurityHeaders.apply(request, response); // its own answers are sent before any filter runs
        Credential fromForm = context.getAuthParameters().getCredential();
        if (fromForm != null) {
            return validate(fromForm, context, false);
        }
        Principal signedIn = request.getUserPrincipal(); // the caller the container keeps in this session
        if (signedIn != null) {
            return continueSession(signedIn, context);
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
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            return reloadPage(request, context);
        }
        return context.forward(LOGIN_PAGE);
    }

    AuthenticationStatus validate(Credential credential, HttpMessageContext context, boolean basic) {
        String name = credential instanceof UsernamePasswordCredential given ? given.getCaller() : null;
        String address = context.getRequest().getRemoteAddr();
        Duration wait = throttle.waitBefore(name, address);
        if (!wait.isZero()) {
            return tooManyFailures(context, basic, wait);
        }
        CredentialValidationResult result;
        try {
            // A control character (NUL, say) is in no user name or password; the stores are not asked about it (the
            // database would refuse the query itself, which is no reason to say "try again later").
            result = credential instanceof UsernamePasswordCredential given && (hasControlCharacter(given.getCaller())
                    || hasControlCharacter(given.getPasswordAsString())) ? CredentialValidationResult.INVALID_RESULT
                    : identityStore.validate(credential);
        } catch (DirectoryUnavailableException directoryDown) {
            LOG.warning(() -> "cannot check a directory sign-in: " + directoryDown.getMessage());
            return unavailable(context, basic);
        } catch (RuntimeException first) { // the identity store wraps its SQLException
            // The pool may hand out a connection the database has just dropped (a restart, a terminated session),
            // and the first query on it fails; a sign-in only reads, so it is asked once more on another one.
            try {
                result = identityStore.validate(credential);
            } catch (RuntimeException again) {
                again.addSuppressed(first);
                LOG.log(Level.WARNING, "cannot check a sign-in: the account database does not answer", again);
                return unavailable(context, basic);
            }
        }
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            throttle.succeeded(name);
        } else {
            throttle.failed(name, address);
        }
        if (basic && result.getStatus() != CredentialValidationResult.Status.VALID) {
            return challenge(context);
        }
        if (!basic && result.getStatus() == CredentialValidationResult.Status.VALID) {
            context.setRegisterSession(result.getCallerPrincipal().getName(), result.getCallerGroups());
        }
        // For the form, an invalid result is a plain SEND_FAILURE (no error page), so the login page can show
        // its own message.
        return context.notifyContainerAboutLogin(result);
    }

    /** The caller of a session opened by the form, with the groups the container registered for it. */
    private static AuthenticationStatus continueSession(Principal signedIn, HttpMessageContext context) {
        try {
            context.getHandler().handle(new Callback[] {
                new CallerPrincipalCallback(context.getClientSubject(), signedIn)});
            return AuthenticationStatus.SUCCESS;
        } catch (IOException | UnsupportedCallbackException e) {
            throw new IllegalStateException("the container did not take back the caller of its own session", e);
        }
    }

    /**
     * An ajax request from a page whose session has ended (timed out, signed out in another tab, server restarted):
     * the login form would be no answer to it, and the page would silently stop reacting. PrimeFaces follows a 401
     * with a Location by loading that address, so the browser reloads the page it is on (the address holds the
     * report, sort, filters and page), is shown the login form there, and continues where it was after signing in.
     * The address is the Referer's path and query when they lie in this application, sent as a path (so a proxy in
     * front, with its own scheme and host, changes nothing); otherwise the application's start page. Never another
     * site.
     */
    private static AuthenticationStatus reloadPage(HttpServletRequest request, HttpMessageContext context) {
        context.getResponse().setHeader("Location", pageToReload(request.getContextPath(),
                request.getHeader("Referer")));
        return context.responseUnauthorized();
    }

    /** The path and query of {@code referer} when it is a page under {@code contextPath}, else the start page. */
    static String pageToReload(String contextPath, String referer) {
        String start = contextPath + "/";
        if (referer == null) {
            return start;
        }
        try {
            URI page = new URI(referer);
            String path = page.getRawPath();
            if (path == null || !path.startsWith(start) || path.contains("//") || path.contains("\\")) {
                return start;
            }
            return page.getRawQuery() == null ? path : path + "?" + page.getRawQuery();
        } catch (URISyntaxException notAnAddress) {
            return start;
        }
    }

    /**
     * 503 with Retry-After: the caller's credentials could not be checked (the account database or the company
     * directory does not answer), which is not their fault and must not read as a wrong password. An API client gets
     * a JSON error; the login form shows its own message ({@link #SIGN_IN_UNAVAILABLE}).
     */
    private static AuthenticationStatus unavailable(HttpMessageContext context, boolean basic) {
        HttpServletResponse response = context.getResponse();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", String.valueOf(RETRY_SIGN_IN_AFTER_SECONDS));
        if (!basic) {
            context.getRequest().setAttribute(SIGN_IN_UNAVAILABLE, Boolean.TRUE);
            return AuthenticationStatus.SEND_FAILURE;
        }
        writeJsonError(response, UNAVAILABLE_MESSAGE);
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * 429 with Retry-After: too many failed sign-ins for this name or from this address ({@link SignInThrottle}); the
     * password was not checked. An API client gets a JSON error; the login form shows its own message
     * ({@link #SIGN_IN_THROTTLED} holds the seconds to wait).
     */
    private static AuthenticationStatus tooManyFailures(HttpMessageContext context, boolean basic, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        HttpServletResponse response = context.getResponse();
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(seconds));
        if (basic) {
            writeJsonError(response, "too many failed sign-ins for this user name or from this address; try again in "
                    + seconds + " seconds");
        } else {
            context.getRequest().setAttribute(SIGN_IN_THROTTLED, seconds);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * 401 with a Basic challenge; for the API with a JSON error like every other API answer (the server's own 401
     * page would be HTML naming the server).
     */
    private static AuthenticationStatus challenge(HttpMessageContext context) {
        HttpServletResponse response = context.getResponse();
        response.setHeader("WWW-Authenticate", "Basic realm=\"MV Reports\", charset=\"UTF-8\"");
        if (!isApi(context.getRequest())) {
            return context.responseUnauthorized();
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        writeJsonError(response, UNAUTHORIZED_MESSAGE);
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static void writeJsonError(HttpServletResponse response, String message) {
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"" + message + "\",\"details\":[]}");
        } catch (IOException clientGone) {
            LOG.log(Level.FINE, "the client left before hearing why", clientGone);
        }
    }

    static boolean hasControlCharacter(String value) {
        return value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
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
