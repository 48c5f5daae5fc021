package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mvreports.security.entity.Roles;

class ReportingAuthenticationMechanismTest {

    private static final UsernamePasswordCredential VIEWER = new UsernamePasswordCredential("viewer", "viewer");

    /** What the mechanism did to the response: "name(arguments)" per call. */
    private final List<String> responseCalls = new ArrayList<>();

    /** What the mechanism wrote as the response's body. */
    private final StringWriter body = new StringWriter();

    /** The names of the request attributes the mechanism set. */
    private final List<String> requestAttributes = new ArrayList<>();

    @Test
    void aSignInWhoseFirstCheckMeetsADroppedConnectionIsCheckedOnceMore() {
        AtomicInteger calls = new AtomicInteger();
        ReportingAuthenticationMechanism mechanism = mechanism(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Connection has been closed.");
            }
            return new CredentialValidationResult("viewer", Set.of(Roles.REPORT_VIEWER));
        });
        assertEquals(AuthenticationStatus.SUCCESS, mechanism.validate(VIEWER, context(), true));
        assertEquals(2, calls.get());
        assertEquals(List.of(), responseCalls);
    }

    @Test
    void whenTheAccountDatabaseDoesNotAnswerAnApiClientGetsA503JsonErrorNotA500() {
        ReportingAuthenticationMechanism mechanism = mechanism(() -> {
            throw new IllegalStateException("Connection refused");
        });
        assertEquals(AuthenticationStatus.SEND_FAILURE, mechanism.validate(VIEWER, context(), true));
        assertEquals(List.of("setStatus(503)", "setHeader(Retry-After, 30)", "setContentType(application/json)",
                "setCharacterEncoding(UTF-8)", "getWriter()"), responseCalls);
        assertEquals("{\"error\":\"Signing in is not possible right now: the accounts cannot be checked. Try again in"
                + " a minute.\",\"details\":[]}", body.toString());
    }

    @Test
    void aDirectoryThatDoesNotAnswerIsAskedOnceAndTheLoginFormIsToldWhy() {
        AtomicInteger calls = new AtomicInteger();
        ReportingAuthenticationMechanism mechanism = mechanism(() -> {
            calls.incrementAndGet();
            throw new DirectoryUnavailableException("cannot reach the directory", null);
        });
        assertEquals(AuthenticationStatus.SEND_FAILURE, mechanism.validate(VIEWER, context(), false));
        assertEquals(1, calls.get(), "a directory that is down is not waited for twice");
        assertEquals(List.of("setStatus(503)", "setHeader(Retry-After, 30)"), responseCalls);
        assertEquals(List.of(ReportingAuthenticationMechanism.SIGN_IN_UNAVAILABLE), requestAttributes);
    }

    @Test
    void aNameWithAControlCharacterIsAWrongSignInThatNoStoreIsAskedAbout() {
        AtomicInteger calls = new AtomicInteger();
        ReportingAuthenticationMechanism mechanism = mechanism(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("invalid byte sequence for encoding \"UTF8\": 0x00");
        });
        assertEquals(AuthenticationStatus.SEND_FAILURE, mechanism.validate(
                new UsernamePasswordCredential("vie\u0000wer", "viewer"), context(), true));
        assertEquals(0, calls.get());
        assertEquals(List.of("setHeader(WWW-Authenticate, Basic realm=\"MV Reports\", charset=\"UTF-8\")",
                "setStatus(401)", "setContentType(application/json)", "setCharacterEncoding(UTF-8)", "getWriter()"),
                responseCalls, "an API client is answered 401 in JSON");
        assertEquals("{\"error\":\"sign in: send your user name and password with HTTP Basic\",\"details\":[]}",
                body.toString());
    }

    @Test
    void aPageWhoseSessionEndedIsReloadedAtItsOwnAddressButNeverAnotherSites() {
        String page = "/reporting/reports/report.xhtml?name=shipment_status&sort=-shipped_at&filter=a%3Aeq%3Ab";
        assertEquals(page, ReportingAuthenticationMechanism.pageToReload("/reporting",
                "https://reports.example.org" + page), "a path: the proxy's scheme and host stay the browser's");
        assertEquals("/reporting/", ReportingAuthenticationMechanism.pageToReload("/reporting", null));
        assertEquals("/reporting/", ReportingAuthenticationMechanism.pageToReload("/reporting",
                "https://elsewhere.example/other/page"));
        assertEquals("/reporting/", ReportingAuthenticationMechanism.pageToReload("/reporting",
                "https://host/reporting-other/page"));
        assertEquals("/reporting/", ReportingAuthenticationMechanism.pageToReload("/reporting",
                "https://host/reporting//evil.example/x"));
        assertEquals("/reporting/", ReportingAuthenticationMechanism.pageToReload("/reporting", "not a uri at all"));
    }

    private interface Check {
        CredentialValidationResult validate();
    }

    private static ReportingAuthenticationMechanism mechanism(Check check) {
        ReportingAuthenticationMechanism mechanism = new ReportingAuthenticationMechanism();
        mechanism.identityStore = credential -> check.validate();
        mechanism.throttle = new SignInThrottle();
        return mechanism;
    }

    /** A message context whose login notice succeeds and whose response records what is done to it. */
    private HttpMessageContext context() {
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    responseCalls.add(method.getName() + "(" + (args == null ? "" : String.join(", ",
                            Arrays.stream(args).map(String::valueOf).toList())) + ")");
                    return "getWriter".equals(method.getName()) ? new PrintWriter(body) : null;
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/reporting/api/reports";
                    case "getContextPath" -> "/reporting";
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "setAttribute" -> requestAttributes.add((String) args[0]) ? null : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (HttpMessageContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpMessageContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> response;
                    case "getRequest" -> request;
                    case "notifyContainerAboutLogin" -> AuthenticationStatus.SUCCESS;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
