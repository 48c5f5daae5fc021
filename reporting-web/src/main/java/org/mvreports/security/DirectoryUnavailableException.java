package org.mvreports.security;

/**
 * The company directory could not say whether a password is right: it does not answer, refuses the service account,
 * or is set up wrongly. Signing in then answers 503 with Retry-After, never "wrong password" (see
 * {@link ReportingAuthenticationMechanism}).
 */
public class DirectoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
