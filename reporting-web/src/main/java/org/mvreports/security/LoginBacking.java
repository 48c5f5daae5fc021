package org.mvreports.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login form ({@code login.xhtml}) and the sign-out button of every page.
 *
 * <p>When a signed-out user asks for a page, Jakarta Security forwards the request to the login page, so the
 * browser still shows the page's address; the form remembers that address ({@link #getContinueTo()}) and goes
 * there after a successful sign-in. Only paths inside this application are accepted, so the parameter cannot be
 * used to send a user to another site.
 */
@Named
@RequestScoped
public class LoginBacking {

    private String username;
    private String password;
    private String continueTo;

    @Inject
    SecurityContext securityContext;

    @Inject
    FacesContext facesContext;

    @PostConstruct
    void rememberRequestedPage() {
        HttpServletRequest request = (HttpServletRequest) facesContext.getExternalContext().getRequest();
        Object forwardedFrom = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        if (forwardedFrom != null) {
            Object query = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
            continueTo = forwardedFrom + (query == null ? "" : "?" + query);
        }
    }

    public void login() throws IOException {
        ExternalContext external = facesContext.getExternalContext();
        AuthenticationStatus status = securityContext.authenticate(
                (HttpServletRequest) external.getRequest(),
                (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams()
                        .newAuthentication(true)
                        .credential(new UsernamePasswordCredential(username, new Password(password))));
        switch (status) {
            // The mechanism has already answered (redirected).
            case SEND_CONTINUE -> facesContext.responseComplete();
            case SUCCESS -> external.redirect(safeContinuation(external.getRequestContextPath()));
            default -> facesContext.addMessage(null, failure(external.getRequestMap()));
        }
    }

    /** Why signing in failed, as the mechanism left it on the request. */
    static FacesMessage failure(java.util.Map<String, Object> request) {
        Object throttled = request.get(ReportingAuthenticationMechanism.SIGN_IN_THROTTLED);
        if (throttled != null) {
            return new FacesMessage(FacesMessage.SEVERITY_WARN, "Too many failed sign-ins.", "For safety, this user"
                    + " name (or this computer) must wait " + throttled + " seconds before signing in again.");
        }
        if (request.containsKey(ReportingAuthenticationMechanism.SIGN_IN_UNAVAILABLE)) {
            return new FacesMessage(FacesMessage.SEVERITY_WARN, "Signing in is not possible right now.",
                    "Your account cannot be checked at the moment (the company directory or the account database"
                            + " does not answer). Try again in a minute.");
        }
        return new FacesMessage(FacesMessage.SEVERITY_ERROR, "Wrong user name or password.",
                "Check both and try again.");
    }

    /** The page asked for before signing in when it is one of ours, else the catalog. */
    String safeContinuation(String contextPath) {
        boolean ours = continueTo != null
                && continueTo.startsWith(contextPath + "/")
                && !continueTo.contains("//")
                && !continueTo.contains("\\")
                && !continueTo.startsWith(contextPath + "/login.xhtml");
        return ours ? continueTo : contextPath + "/";
    }

    public void logout() throws IOException {
        ExternalContext external = facesContext.getExternalContext();
        try {
            ((HttpServletRequest) external.getRequest()).logout();
        } catch (ServletException e) {
            // Nothing to undo: the session is invalidated below either way.
        }
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml");
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getContinueTo() {
        return continueTo;
    }

    public void setContinueTo(String continueTo) {
        this.continueTo = continueTo;
    }
}
