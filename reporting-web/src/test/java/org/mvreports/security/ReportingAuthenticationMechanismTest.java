package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletResponse;
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
    void whenTheAccountDatabaseDoesNotAnswerTheCallerGets503NotA500() {
        ReportingAuthenticationMechanism mechanism = mechanism(() -> {
            throw new IllegalStateException("Connection refused");
        });
        assertEquals(AuthenticationStatus.SEND_FAILURE, mechanism.validate(VIEWER, context(), true));
        assertEquals(List.of("setHeader(Retry-After, 5)",
                "sendError(503, Signing in is not possible right now; try again in a moment.)"), responseCalls);
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
        return mechanism;
    }

    /** A message context whose login notice succeeds and whose response records what is done to it. */
    private HttpMessageContext context() {
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    responseCalls.add(method.getName() + "(" + String.join(", ",
                            Arrays.stream(args).map(String::valueOf).toList()) + ")");
                    return null;
                });
        return (HttpMessageContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpMessageContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> response;
                    case "notifyContainerAboutLogin" -> AuthenticationStatus.SUCCESS;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
